// Running a model: options in, a result out. Used by the CLI and the GoogleTest helpers;
// nothing here prints.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lockstep/failure.hpp"
#include "lockstep/model.hpp"

namespace lockstep {

using ModelInfo = detail::ModelInfo;

// Bad input from the user (unknown model or parameter, malformed token): exit status 2.
class InputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Params = std::vector<std::pair<std::string, int>>;

// A snapshot of a running exploration, for progress displays.
struct Progress {
  std::uint64_t executions;
  double elapsed_s;
  std::size_t depth;  // steps of the latest execution
};

struct RunOptions {
  std::string strategy = "dpor";     // dpor, dfs, bounded, random, replay
  Params params{};                   // --param name=value
  std::uint64_t max_executions = 0;  // 0: no bound (random: 1000)
  std::uint64_t max_steps = 100000;  // per execution; reaching it is a step_limit failure
  bool spurious_wakeups = false;
  std::uint64_t seed = 0;            // random: the seed of its pseudo-random sequence
  int preemptions = 2;               // bounded: preemptions allowed per execution
  double time_limit_s = 0;           // 0: no limit; reaching it makes the verdict incomplete
  std::string token{};               // replay: the token of the execution to re-run
  bool shortest_trace = true;        // after a failure, search for its shortest schedule
  // Called now and then (at most ~10 times a second) while exploring; never prints itself.
  std::function<void(const Progress&)> progress{};
};

struct TraceStep {
  int step;
  std::string thread;
  std::string op;
  std::string object;
  std::string location;  // file:line
};

struct BlockedThread {
  std::string thread;
  std::string waits_for;  // "an item in queue1 (empty)"
  std::vector<std::string> holds;
  std::string location;
};

struct Failure {
  FailureKind kind;
  std::string message;
  std::string location;
  std::vector<TraceStep> trace;
  std::vector<BlockedThread> blocked;  // deadlocks
  std::string token;                   // replays this failure: lockstep replay MODEL TOKEN
};

enum class Verdict { pass, fail, incomplete };
std::string_view to_string(Verdict verdict);

struct RunResult {
  std::string model;
  Params params;  // every parameter the model declared, with the value used
  std::string strategy;
  Verdict verdict = Verdict::pass;
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;
  // Executions ended by assume(false): neither failures nor passes, not among `executions`.
  std::uint64_t pruned = 0;
  std::uint64_t steps = 0;
  double elapsed_s = 0;
  std::optional<std::uint64_t> seed;  // for seeded strategies (random)
  std::optional<FailureKind> expected;
  bool as_expected = false;  // no failure and none expected, or exactly the expected kind
  std::optional<Failure> failure;
};

struct ParamInfo {
  std::string name;
  int default_value;
};

// Registered models, sorted by name.
const std::vector<const ModelInfo*>& models();
const ModelInfo* find_model(std::string_view name);
// Models whose names match a glob ("seeds/*"); empty when none.
std::vector<const ModelInfo*> match_models(std::string_view pattern);
// The parameters a model asks for (found by running its first execution).
std::vector<ParamInfo> model_params(const ModelInfo& model);

// Explores `model`. Throws InputError for an unknown parameter or strategy, and for a
// replay token that is malformed or recorded for another model or other parameters.
RunResult run(const ModelInfo& model, const RunOptions& options);

}  // namespace lockstep
