// What the lockstep commands share: exit statuses, argument helpers, and one entry point
// per command (each command lives in its own file: list_command.cpp, run_command.cpp...).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <utility>

#include "flag_values.hpp"
#include "lockstep/run.hpp"

namespace lockstep::cli {

inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;
inline constexpr int kInputError = 2;
inline constexpr int kIncomplete = 3;

// Of two outcomes, the one the exit status reports (docs/cli.md): a failure (1) over an input
// or output error (2) over an incomplete exploration (3) over success (0). A report that
// could not be written thus never hides a failure, and never passes for success.
inline int worst_status(int a, int b) {
  const auto rank = [](int s) { return s == kFailure ? 3 : s == kInputError ? 2 : s == kIncomplete ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

// The exit status one model's result calls for (docs/cli.md).
inline int exit_status(const RunResult& r) {
  if (r.as_expected) return kOk;
  if (r.failure) return kFailure;
  if (r.verdict == Verdict::incomplete) return kIncomplete;
  return kFailure;  // an expected failure was not found though exploration was complete
}

// 128 + the signal that interrupted the run (130 for SIGINT, 143 for SIGTERM).
int interrupted_status();

struct SupervisorOptions;
// --hang-timeout and --memory-limit, for the commands that explore in a child process.
void add_supervisor_options(CLI::App& command, SupervisorOptions& options);

// A subcommand registered on the app, and what runs it once parsing succeeded.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
Command add_list_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_replay_command(CLI::App& app);
Command add_merge_command(CLI::App& app);

}  // namespace lockstep::cli
