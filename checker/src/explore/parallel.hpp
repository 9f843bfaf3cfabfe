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
#include <vector>

#include "explore/estimate.hpp"
#include "lockstep/run.hpp"
#include "report/minimize.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

struct ParallelRun {
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;  // dpor
  std::uint64_t pruned = 0;     // dpor
  std::uint64_t steps = 0;
  bool bounded = false;   // --max-executions or --time-limit stopped it
  bool out_of_time = false;  // ...--time-limit did
  bool complete = false;  // every unit explored, none cut by a preemption bound
  std::optional<FailingSchedule> found;
  std::uint64_t found_unit = 0;
  TreeEstimator estimator;
  std::optional<TreeEstimate> own_estimate;  // dpor's (Strategy::own_estimate), preferred
  Params declared;
  // dfs and bounded, for the benchmark: each worker's CPU time, the largest being the run's
  // wall time with a core free for each.
  std::vector<double> worker_cpu_s;
  // dpor (explore/parallel_dpor.hpp), for the benchmark: subtrees explored apart and then
  // committed or thrown away, the executions run in those, and those the coordinator ran in
  // its own run.
  struct Speculation {
    std::uint64_t committed = 0;
    std::uint64_t discarded = 0;
    std::uint64_t committed_executions = 0;
    std::uint64_t discarded_executions = 0;
    std::uint64_t own_executions = 0;
    std::uint64_t waits = 0;  // times the coordinator found nothing to do but wait
    // What those waits would have lasted on free cores: the CPU time the awaited worker
    // spent from the start of each wait to the end of the subtree awaited.
    double waited_cpu_s = 0;
    // The coordinator's own CPU time: with waited_cpu_s, the run's wall time on free cores.
    double coordinator_cpu_s = 0;
  } speculation;
};

struct ParallelOptions {  // what a caller leaves out is the whole run, unbounded, unsupervised
  int jobs = 1;
  int preemption_bound = 0;  // DfsStrategy::kUnbounded for dfs
  std::uint64_t shard = 0;
  std::uint64_t shards = 1;
  std::uint64_t max_executions = 0;  // 0: none
  double time_limit_s = 0;           // 0: none
  bool step_limit_cuts = false;
  std::uint64_t max_steps = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  // Called from one worker now and then; and, when supervised, where the counts go.
  const std::function<void(const Progress&)>* progress = nullptr;
  Publication* publication = nullptr;
};

ParallelRun explore_in_parallel(const ModelInfo& model, const ExecutionConfig& config, const ParallelOptions& options);

}  // namespace lockstep::detail
