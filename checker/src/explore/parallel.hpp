// --jobs N for dfs and bounded: N OS threads, each with its own execution (fibers, stack
// pool, step log) and its own DfsStrategy, share one tree through a Partition: the first
// worker to reach a unit explores it (explore/partition.hpp). The result is that of one
// thread: every unit is explored once, and when units fail, the one reported is the first
// failure of the first failing unit, which is the failure a single thread meets first; the
// counts are those of the units up to it, as a single thread would have counted them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "explore/estimate.hpp"
#include "lockstep/run.hpp"
#include "report/minimize.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

struct ParallelRun {
  std::uint64_t executions = 0;
  std::uint64_t steps = 0;
  bool bounded = false;   // --max-executions or --time-limit stopped it
  bool out_of_time = false;  // ...--time-limit did
  bool complete = false;  // every unit explored, none cut by a preemption bound
  std::optional<FailingSchedule> found;
  std::uint64_t found_unit = 0;
  TreeEstimator estimator;
  Params declared;
};

struct ParallelOptions {
  int jobs;
  int preemption_bound;  // DfsStrategy::kUnbounded for dfs
  std::uint64_t shard;
  std::uint64_t shards;
  std::uint64_t max_executions;  // 0: none
  double time_limit_s;           // 0: none
  bool step_limit_cuts;
  std::uint64_t max_steps;
  std::chrono::steady_clock::time_point start;
  // Called from one worker now and then; and, when supervised, where the counts go.
  const std::function<void(const Progress&)>* progress;
  Publication* publication;
};

ParallelRun explore_in_parallel(const ModelInfo& model, const ExecutionConfig& config, const ParallelOptions& options);

}  // namespace lockstep::detail
