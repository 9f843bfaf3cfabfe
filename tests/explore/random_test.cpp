// The random strategy: a seed explores the same executions in the same order every time,
// different seeds explore differently, it is bounded and never a proof.
#include <gtest/gtest.h>

#include <string>

#include "lockstep/gtest.hpp"

namespace {

using namespace lockstep;

TEST(Random, IsBoundedByDefaultAndNeverAProof) {
  RunResult r = lockstep::testing::run_model("seeds/condition-fixed", {}, {.strategy = "random", .seed = 7});
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_EQ(r.executions, 1000u);  // the default bound
  EXPECT_EQ(r.seed, 7u);
  EXPECT_FALSE(r.as_expected);
}

TEST(Random, TheSameSeedVisitsTheSameExecutions) {
  const RunOptions options{.strategy = "random", .max_executions = 200, .seed = 42};
  RunResult a = lockstep::testing::run_model("seeds/condition-fixed", {}, options);
  RunResult b = lockstep::testing::run_model("seeds/condition-fixed", {}, options);
  EXPECT_EQ(a.steps, b.steps);
  RunResult other = lockstep::testing::run_model("seeds/condition-fixed", {},
                                                 {.strategy = "random", .max_executions = 200, .seed = 43});
  EXPECT_NE(a.steps, other.steps);  // a different seed walks other schedules
}

TEST(Random, AFailureComesWithItsSeedAndAToken) {
  RunResult r = lockstep::testing::run_model("seeds/condition-skip", {}, {.strategy = "random", .seed = 3});
  ASSERT_TRUE(r.failure);
  EXPECT_TRUE(r.as_expected);
  const std::string text = format_failure(r);
  EXPECT_NE(text.find("found by: lockstep run seeds/condition-skip --strategy random --seed 3"), std::string::npos)
      << text;
  EXPECT_NE(text.find("lockstep replay seeds/condition-skip " + r.failure->token), std::string::npos);
  // Same seed, same execution count until the failure.
  RunResult again = lockstep::testing::run_model("seeds/condition-skip", {}, {.strategy = "random", .seed = 3});
  EXPECT_EQ(again.executions, r.executions);
  EXPECT_EQ(again.failure->token, r.failure->token);
}

TEST(Bounded, ZeroPreemptionsFindsNoPreemptionBugsAndIsNotAProof) {
  // condition-fixed with items=1 starves a consumer without any preemption.
  RunResult starve = lockstep::testing::run_model("seeds/condition-fixed", {{"items", 1}},
                                                  {.strategy = "bounded", .preemptions = 0});
  EXPECT_TRUE(starve.failure);
  RunResult fixed = lockstep::testing::run_model("seeds/condition-fixed", {}, {.strategy = "bounded", .preemptions = 0});
  EXPECT_FALSE(fixed.failure);
  EXPECT_EQ(fixed.verdict, Verdict::incomplete);
  RunResult all = lockstep::testing::run_model("seeds/condition-fixed", {}, {.strategy = "bounded", .preemptions = 50});
  EXPECT_EQ(all.verdict, Verdict::pass);  // the bound never cut a schedule: complete
}

// items=5: 16.7 M dfs executions, which no run here finishes within its limit (items=4 took
// 0.36 s with --jobs 2 on a quiet machine, under the 0.5 s the progress test below allows).
TEST(TimeLimit, StopsExplorationAsIncomplete) {
  RunResult r = lockstep::testing::run_model("seeds/mydata-fixed", {{"items", 5}},
                                             {.strategy = "dfs", .time_limit_s = 0.2});
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_LT(r.elapsed_s, 1.0);
}

TEST(Progress, IsReportedWhileExploringLongRuns) {
  int calls = 0;
  std::uint64_t last = 0;
  RunOptions options{.strategy = "dfs", .time_limit_s = 0.5};
  options.progress = [&](const Progress& p) {
    ++calls;
    EXPECT_GE(p.executions, last);
    EXPECT_GT(p.depth, 0u);
    last = p.executions;
  };
  lockstep::testing::run_model("seeds/mydata-fixed", {{"items", 5}}, options);
  EXPECT_GE(calls, 2);
  EXPECT_LE(calls, 6);  // about ten a second at most
}

// With --jobs the workers add their counts to the shared total in batches (explore/parallel.cpp):
// the progress line still moves, never backwards, and never past what the run counts.
TEST(Progress, IsReportedWithJobsAndNeverPassesTheCount) {
  int calls = 0;
  std::uint64_t last = 0;
  RunOptions options{.strategy = "dfs", .time_limit_s = 0.5, .jobs = 2};
  options.progress = [&](const Progress& p) {
    ++calls;
    EXPECT_GE(p.executions, last);
    EXPECT_GT(p.depth, 0u);
    last = p.executions;
  };
  const RunResult r = lockstep::testing::run_model("seeds/mydata-fixed", {{"items", 5}}, options);
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_GE(calls, 2);
  EXPECT_LE(calls, 6);
  EXPECT_GT(last, 0u);
  EXPECT_LE(last, r.executions);
}

}  // namespace
