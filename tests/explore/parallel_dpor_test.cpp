// dpor --jobs (explore/parallel_dpor.hpp): the subtrees the workers explore are committed into
// the coordinator's run, and what it reports is one dpor thread's. The whole models/ sweep is
// tests/explore/split_test.cpp; here, that the speculation is exercised at all.
#include <gtest/gtest.h>

#include <chrono>

#include "explore/dpor.hpp"
#include "explore/parallel_dpor.hpp"
#include "fiber/fault_guard.hpp"
#include "fiber/stack_pool.hpp"
#include "lockstep/gtest.hpp"
#include "lockstep/lockstep.hpp"

namespace lockstep::detail {
namespace {

ParallelRun explore(const char* name, const Params& params, int jobs) {
  FaultGuard guard;
  const ExecutionConfig config{.params = params};
  const ModelInfo* model = find_model(name);
  Execution execution(*model, config, StackPool::of_this_thread());
  return explore_dpor_in_parallel(execution, *model, config,
                                  {.jobs = jobs, .max_steps = config.max_steps});
}

// lock-increments with 6 threads: 720 executions (6!, one per order of the critical sections),
// whose branches wait at the first scheduling points while the first subtree is explored.
TEST(ParallelDpor, CommitsSubtreesExploredApartAndCountsWhatOneThreadCounts) {
  for (int jobs : {2, 3}) {
    const ParallelRun p = explore("bench/lock-increments", {{"threads", 6}}, jobs);
    SCOPED_TRACE(jobs);
    EXPECT_TRUE(p.complete);
    EXPECT_FALSE(p.found);
    EXPECT_EQ(p.executions, 720u);
    EXPECT_EQ(p.redundant, 0u);
    EXPECT_GT(p.speculation.committed, 0u);
    // Every execution was run by the coordinator or in a committed subtree, or thrown away.
    EXPECT_EQ(p.speculation.own_executions + p.speculation.committed_executions, p.executions + p.redundant);
  }
}

// A failing model (philosophers-naive with 6: dpor deadlocks in its 32nd execution): the first
// failure in dpor's order, with its schedule, whatever --jobs.
TEST(ParallelDpor, ReportsTheFailureOneThreadMeetsFirst) {
  RunOptions o{.strategy = "dpor"};
  o.shortest_trace = false;
  const RunResult whole = testing::run_model("bench/philosophers-naive", {{"n", 6}}, o);
  ASSERT_TRUE(whole.failure);
  EXPECT_GT(whole.executions, 1u);
  for (int jobs : {2, 3}) {
    const ParallelRun split = explore("bench/philosophers-naive", {{"n", 6}}, jobs);
    SCOPED_TRACE(jobs);
    ASSERT_TRUE(split.found);
    EXPECT_EQ(split.found->failure.kind, FailureKind::deadlock);
    EXPECT_EQ(split.found->failure.kind, whole.failure->kind);
    EXPECT_EQ(split.executions, whole.executions);
    EXPECT_FALSE(split.complete);
  }
}

}  // namespace
}  // namespace lockstep::detail
