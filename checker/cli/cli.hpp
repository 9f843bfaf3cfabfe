// What the lockstep commands share: exit statuses, argument helpers, and one entry point
// per command (each command lives in its own file: list_command.cpp, run_command.cpp...).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <utility>

#include "lockstep/run.hpp"

namespace lockstep::cli {

inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;
inline constexpr int kInputError = 2;
inline constexpr int kIncomplete = 3;

// "items=3" -> {"items", 3}; throws InputError with a one-line reason.
std::pair<std::string, int> parse_param(const std::string& text);

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

}  // namespace lockstep::cli
