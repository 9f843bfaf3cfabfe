// Checks one generated program: dfs (the oracle), bounded dfs with a bound no schedule
// reaches, and dpor must reach the same outcomes (failure kinds, an assertion's message,
// and the final state of every passing execution; with a data race, only that both find
// one), dpor in no more executions than dfs, and every failing execution of each strategy
// must replay from its token (choices -> token text -> replay) to the same outcome.
//
// A program dfs cannot finish in its budget is checked by sampling instead, when dpor can
// finish it in its own: random walks and PCT runs (seeded by the program's seed) must reach
// only outcomes dpor reaches. Each outcome the samples reach and dpor misses comes with the
// token of the sampled execution that reached it, replayed to that outcome first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "differential/program.hpp"
#include "explore/strategy.hpp"

namespace lockstep::difftest {

struct RunnerOptions {
  std::uint64_t dfs_budget = 2000;  // executions; a program dfs cannot finish in them is sampled
  // Executions of the sampling oracle, half random walks and half PCT (depth 3); 0: a program
  // dfs cannot finish is skipped.
  std::uint64_t sample_executions = 1000;
  std::uint64_t dpor_budget = 20000;  // executions; a sampled program dpor cannot finish is skipped
  std::uint64_t sample_seed = 0;      // the sampler's (lockstep_difftest: the program's seed)
  std::uint64_t max_steps = 1000;   // per execution
  int unreachable_bound = 1000;     // the preemption bound of the bounded search
  // Above 1: dpor --jobs N must also explore what one dpor thread does (the same executions,
  // redundant ones and first failing schedule) and find a failure exactly when dfs does.
  int dpor_jobs = 1;
  // Above 1: the N shards of dpor --shard K/N (explore/dpor_units.hpp), each explored whole,
  // must together reach every outcome dfs reaches and no other, in no more executions than
  // dfs (checked on the programs dfs finishes).
  int dpor_shards = 1;
  // The units each shard's prefixes aim at (Partition::units_per_shard): the driver gives dpor
  // 1; more make the prefixes, and their sleep sets, deeper.
  std::uint64_t dpor_shard_units = 1;
  // Every strategy explores the waits' spurious wake-ups (--spurious-wakeups).
  bool spurious_wakeups = false;
};

struct Divergence {
  std::string kind;    // what disagreed: "dpor outcomes", "sampled outcomes", "dpor replay", ...
  std::string detail;  // both sides, for a person
};

// Whether two divergences show the same bug, for the shrinker: the same kind, or an outcome
// dpor misses, whether dfs or the sampler reached it (a program shrunk below the dfs budget
// is checked against dfs again).
bool same_bug(const Divergence& a, const Divergence& b);

struct Verdict {
  bool sampled = false;  // too big for dfs: checked against the sampler
  bool skipped = false;  // too big for dfs, and the sampler is off or dpor too needs more than its budget
  std::optional<Divergence> divergence;
  std::uint64_t dfs_executions = 0;  // 0 when sampled
  std::uint64_t dpor_executions = 0;
  std::uint64_t shard_executions = 0;  // dpor_shards: the shards' executions, added up (not redundant ones)
  std::uint64_t shard_redundant = 0;
  std::uint64_t dpor_redundant = 0;    // dpor_shards: one dpor run's, to set the shards' against
  std::uint64_t sampled_executions = 0;
  std::uint64_t replays = 0;  // failing executions replayed from their tokens
  // A "sampled outcomes" divergence: the first outcome dpor missed, and the token of a
  // sampled execution that replays to it (replay_token()).
  std::string missed;
  std::string token;
};

Verdict check_program(const Program& program, const RunnerOptions& options = {});

// The sampling oracle alone (check_program's for a program dfs cannot finish, against dpor):
// `reference` must explore the program completely within options.dpor_budget, and reach
// every outcome options.sample_executions sampled executions reach.
Verdict check_by_sampling(const Program& program, detail::Strategy& reference, const RunnerOptions& options = {});

// The outcome of the execution a token records when the program of the latest check replays
// it as `lockstep replay` does (a nondeterministic_model failure when it goes another way).
std::string replay_token(const std::string& token, const RunnerOptions& options = {});

}  // namespace lockstep::difftest
