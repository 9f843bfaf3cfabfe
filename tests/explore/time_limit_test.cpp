// RunOptions::time_limit_s holds inside one execution too, in the library's run() (no
// supervisor process): an execution far longer than the limit is cut at it, and the run is
// incomplete, as when the limit falls between two executions.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "lockstep/lockstep.hpp"
#include "lockstep/report.hpp"
#include "lockstep/run.hpp"

namespace {

using namespace lockstep;

// A few microseconds of work between two steps: the steps of 0.2 s, kept in the trace (and
// in dpor's events), stay a few megabytes.
void work() {
  volatile int sum = 0;
  for (int k = 0; k < 2000; ++k) sum = sum + k;
}

// Two threads storing forever: a scheduling point at every step, and no execution ends
// before the step limit (16,777,216 steps: a minute of work).
void endless_steps() {
  Atomic<int> x{0};
  auto body = [&x] {
    for (int i = 0;; ++i) {
      work();
      x.store(i);
    }
  };
  Thread a("a", body);
  Thread b("b", body);
}

// One thread's plain (Shared) stores forever: a recorded step each, no scheduling point.
void endless_records() {
  Shared<int> v{0};
  for (int i = 0;; ++i) {
    work();
    v.store(i);
  }
}

const detail::ModelInfo kSteps{"test/endless-steps", "", std::nullopt, endless_steps, std::source_location::current()};
const detail::ModelInfo kRecords{"test/endless-records", "", std::nullopt, endless_records,
                                 std::source_location::current()};

void expect_cut(const detail::ModelInfo& model, RunOptions options) {
  const std::string what = std::string(model.name) + " " + options.strategy + " --jobs " + std::to_string(options.jobs);
  options.max_steps = 16777216;
  options.time_limit_s = 0.2;
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run(model, options);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.verdict, Verdict::incomplete) << what;
  EXPECT_TRUE(r.out_of_time) << what;
  EXPECT_NE(format_summary(r).find("stopped by the time limit"), std::string::npos) << format_summary(r);
  EXPECT_FALSE(r.failure) << what << ": " << (r.failure ? r.failure->message : "");
  EXPECT_FALSE(r.as_expected) << what;  // incomplete: not reported as a pass
  EXPECT_EQ(r.executions, 0u) << what;  // the one execution was cut, not counted as done
  EXPECT_GE(wall, 0.2) << what;
  EXPECT_LT(wall, 2.0) << what;
  EXPECT_LT(r.elapsed_s, 2.0) << what;
}

TEST(TimeLimit, CutsOneLongExecutionAtScheduledSteps) {
  for (const char* strategy : {"dpor", "dfs", "bounded", "random", "pct"}) {
    expect_cut(kSteps, {.strategy = strategy});
  }
  expect_cut(kSteps, {.strategy = "dfs", .jobs = 2});
  expect_cut(kSteps, {.strategy = "bounded", .jobs = 2});
}

TEST(TimeLimit, CutsOneLongExecutionAtRecordedSteps) {
  for (const char* strategy : {"dpor", "dfs", "bounded", "random", "pct"}) {
    expect_cut(kRecords, {.strategy = strategy});
  }
  expect_cut(kRecords, {.strategy = "dfs", .jobs = 2});
}

// Below the limit nothing changes: a long execution that ends in time is explored whole.
TEST(TimeLimit, LeavesAnExecutionThatEndsInTime) {
  const RunResult r = lockstep::run(*find_model("bench/timed-wait-loop"),
                                    {.strategy = "dpor", .params = {{"rounds", 2000}}, .max_executions = 1,
                                     .time_limit_s = 60});
  EXPECT_EQ(r.verdict, Verdict::incomplete);  // --max-executions 1: the bound, not the clock
  EXPECT_FALSE(r.out_of_time);
  EXPECT_EQ(r.executions, 1u);
  EXPECT_GT(r.steps, 7u * 2000);  // every round's steps of both threads ran (8 a round)
  EXPECT_FALSE(r.failure);
}

}  // namespace
