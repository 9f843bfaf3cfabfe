// Checks one generated program: dfs (the oracle), bounded dfs with a bound no schedule
// reaches, and dpor must reach the same outcomes (failure kinds, an assertion's message,
// and the final state of every passing execution; with a data race, only that both find
// one), dpor in no more executions than dfs, and every failing execution of each strategy
// must replay from its token (choices -> token text -> replay) to the same failure kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "differential/program.hpp"

namespace lockstep::difftest {

struct RunnerOptions {
  std::uint64_t dfs_budget = 2000;  // executions; a program dfs cannot finish in them is skipped
  std::uint64_t max_steps = 1000;   // per execution
  int unreachable_bound = 1000;     // the preemption bound of the bounded search
  // Above 1: dpor --jobs N must also explore what one dpor thread does (the same executions,
  // redundant ones and first failing schedule) and find a failure exactly when dfs does.
  int dpor_jobs = 1;
  // Every strategy explores the waits' spurious wake-ups (--spurious-wakeups).
  bool spurious_wakeups = false;
};

struct Divergence {
  std::string kind;    // what disagreed: "outcomes", "executions", "replay", ...
  std::string detail;  // both sides, for a person
};

struct Verdict {
  bool skipped = false;  // too big for dfs
  std::optional<Divergence> divergence;
  std::uint64_t dfs_executions = 0;
  std::uint64_t dpor_executions = 0;
  std::uint64_t replays = 0;  // failing executions replayed from their tokens
};

Verdict check_program(const Program& program, const RunnerOptions& options = {});

}  // namespace lockstep::difftest
