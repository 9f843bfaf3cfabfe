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
namespace detail {
struct Publication;
}  // namespace detail

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
  double estimate = 0;  // exhaustive strategies: the tree's estimated size so far (0: none)
};

// What a bounded exhaustive run covered: Knuth's estimate of the number of executions in
// the whole tree (docs/cli.md, "Coverage of a bounded run"), over `samples` executions.
struct TreeEstimate {
  double executions;  // the mean of the per-execution estimates; infinity past a double
  double spread;      // the standard error of that mean
  std::uint64_t samples;
};

struct RunOptions {
  std::string strategy = "dpor";     // dpor, dfs, bounded, random, pct, replay
  Params params{};                   // --param name=value
  std::uint64_t max_executions = 0;  // 0: no bound (random: 1000)
  std::uint64_t max_steps = 100000;  // per execution; reaching it is a step_limit failure
  // Reaching max_steps ends that execution without a failure (also when it looks like a
  // livelock) and exploration goes on; the verdict is then at best incomplete. For programs
  // that never end (the Python front door's --max-steps).
  bool step_limit_cuts = false;
  bool spurious_wakeups = false;
  // Fairness (docs/semantics.md): a thread may take N+1 no-progress steps (a sleep, a poll
  // that found nothing, a timeout, a spurious wake-up) in a row, no other thread stepping
  // between, before the fair scheduler makes the others go first. 0: one. N > 0 explores the
  // schedules that need more in a row, at the cost of more executions (--unfair-polls N).
  int unfair_polls = 0;
  std::uint64_t seed = 0;            // random, pct: the seed of its pseudo-random sequence
  int pct_depth = 3;                 // pct: the depth of the bugs it aims at (d >= 1)
  int preemptions = 2;               // bounded: preemptions allowed per execution
  double time_limit_s = 0;           // 0: no limit; reaching it makes the verdict incomplete
  // --jobs N: dfs and bounded explore with N OS threads (docs/architecture.md, "Sharing one
  // tree"); the verdict, the counts and the failure reported are those of jobs = 1.
  int jobs = 1;
  // --shard K/N, 0-based here: explore only shard `shard` of `shards` parts of the tree (dfs,
  // bounded) or of the execution indices (random, pct). lockstep merge joins the parts.
  std::uint64_t shard = 0;
  std::uint64_t shards = 1;
  std::string token{};               // replay: the token of the execution to re-run
  bool shortest_trace = true;        // after a failure, search for its shortest schedule
  // Called now and then (at most ~10 times a second) while exploring; never prints itself.
  std::function<void(const Progress&)> progress{};
  // Set by a process that supervises this exploration (the lockstep CLI explores each model
  // in a child process): where the progress, the parameters and the choices of the
  // execution in progress are published, and how often (seconds of CPU time) while an
  // execution runs. Null: nothing is published.
  detail::Publication* publication = nullptr;
  double publish_period_s = 1;
};

// What a step did to threads and locks, for views that draw the execution (--html).
struct StepEffect {
  bool acquires = false;  // the thread now holds `object` (a lock, a condition's lock)
  bool releases = false;  // the thread gave `object` up (a release, a condition wait)
  bool whole = false;     // releases: a condition wait, which gives up every level of an RLock
  bool blocks = false;    // the thread waits from this step until its next `wakes` step
  bool wakes = false;
  bool notified = false;  // woken by a notify or set(), not by a timeout
  bool notifies = false;  // a notify or set()
  int woke = 0;           // a notify: the waiters it woke; -1 for set(), which wakes every one
};

struct TraceStep {
  int step;
  std::string thread;
  std::string op;
  std::string object;
  std::string location;  // file:line
  StepEffect effect{};
};

struct BlockedThread {
  std::string thread;
  std::string waits_for;  // "an item in queue1 (empty)"
  std::vector<std::string> holds;
  std::string location;
  std::string waits_on;                // the object (or thread, for a join) it waits on
  std::vector<std::string> held_by;    // the threads holding waits_on (a lock, a condition's lock)
};

struct Failure {
  FailureKind kind;
  std::string message;
  std::string location;
  std::vector<TraceStep> trace;
  std::vector<BlockedThread> blocked;  // deadlocks
  std::string token;                   // replays this failure: lockstep replay MODEL TOKEN
  // A file holding `token`, when it is too long for a command line (the CLI writes it):
  // the replay line then reads `lockstep replay MODEL --token-file FILE`.
  std::string token_file{};
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
  // The time limit (RunOptions::time_limit_s) stopped the exploration, between two executions
  // or inside one: the verdict is incomplete.
  bool out_of_time = false;
  std::optional<std::uint64_t> seed;  // for seeded strategies (random, pct)
  std::optional<int> pct_depth;       // pct
  // dfs, bounded, dpor stopped before the end (by a bound, not a failure): the whole tree's
  // estimated size.
  std::optional<TreeEstimate> estimate;
  std::uint64_t shard = 0;   // as in RunOptions
  std::uint64_t shards = 1;
  // A failure's place in the whole run's order: for dfs and bounded the unit of the tree it
  // lies in (explore/partition.hpp), for random and pct its execution's index. Of the
  // shards' failures, lockstep merge reports the first in that order, the one an unsharded
  // dfs run meets first.
  std::uint64_t failure_order = 0;
  // Every option that shapes what is explored, as a command line fragment: the shards of one
  // run must agree on it (lockstep merge checks).
  std::string flags;
  std::string version;  // lockstep's version, version()
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
// Throws InputError naming the first of `params` that `model` does not take (found as
// model_params finds them), so that a run can refuse bad parameters before exploring.
void check_params(const ModelInfo& model, const Params& params);
// Throws InputError when two models were registered under one name, naming both places
// ("model 'x' is registered twice: a.cpp:3 and b.cpp:9"); the first one is the one found.
void check_models();

// lockstep's version ("0.1.0"), written into results so that lockstep merge can refuse
// results of different versions.
std::string_view version();

// The options that shape what is explored, as flags (RunResult::flags).
std::string exploration_flags(const RunOptions& options);

// Explores `model`. Throws InputError for an unknown parameter or strategy, and for a
// replay token that is malformed or recorded for another model or other parameters.
RunResult run(const ModelInfo& model, const RunOptions& options);

}  // namespace lockstep
