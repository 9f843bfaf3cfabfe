// Coverage of a bounded run (explore/estimate.hpp): an estimate of the tree's size,
// reported when a bound stopped an exhaustive strategy, exact on a uniform tree, and
// absent from complete runs and from random ones.
#include "explore/estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <lockstep/gtest.hpp>

#include "lockstep/lockstep.hpp"

namespace lockstep {
namespace {

// A uniform tree: every execution chooses three times among `n`, so n^3 leaves and every
// path's product of branching factors is exactly n^3.
LOCKSTEP_MODEL("test/uniform-choices", "three choose(n) in a row: a uniform tree of n^3 executions") {
  const int n = param("n", 4);
  for (int i = 0; i < 3; ++i) choose(n);
}

TEST(TreeEstimate, IsExactOnAUniformTree) {
  for (const char* strategy : {"dfs", "dpor"}) {
    RunResult r = testing::run_model("test/uniform-choices", {}, {.strategy = strategy, .max_executions = 5});
    ASSERT_EQ(r.verdict, Verdict::incomplete) << strategy;
    ASSERT_TRUE(r.estimate) << strategy;
    EXPECT_DOUBLE_EQ(r.estimate->executions, 64) << strategy;
    EXPECT_GE(r.estimate->samples, 5u) << strategy;  // dfs: 64 random walks; dpor: its 5 executions
  }
  // dfs's walks all agree; dpor's estimate is not drawn from samples, so it has no spread.
  EXPECT_DOUBLE_EQ(testing::run_model("test/uniform-choices", {}, {.strategy = "dfs", .max_executions = 5}).estimate->spread, 0);
  EXPECT_TRUE(std::isnan(testing::run_model("test/uniform-choices", {}, {.strategy = "dpor", .max_executions = 5}).estimate->spread));
}

// dpor's tree grows as races are found. Stopped halfway, its estimate (the executions over the
// share of the tree explored, along the current path) lands within a small factor of the
// executions the whole run counts. Knuth's products over dpor's own executions, reported
// before, gave 0.28x on the first model and 14x on the last, each with a spread of a few per cent.
TEST(TreeEstimate, DporStoppedHalfwayLandsWithinAFactorOfTwoAndAHalf) {
  const std::pair<const char*, Params> models[] = {
      {"seeds/mydata-fixed", {{"items", 3}}}, {"bench/lastzero", {{"n", 12}}}, {"bench/wcas", {{"n", 8}}}};
  for (const auto& [model, params] : models) {
    const RunResult whole = testing::run_model(model, params, {.strategy = "dpor"});
    ASSERT_EQ(whole.verdict, Verdict::pass) << model;
    const RunResult half = testing::run_model(model, params, {.strategy = "dpor", .max_executions = whole.executions / 2});
    ASSERT_TRUE(half.estimate) << model;
    const double ratio = half.estimate->executions / static_cast<double>(whole.executions);
    EXPECT_GT(ratio, 0.5) << model << ": " << half.estimate->executions << " estimated, " << whole.executions << " in truth";
    EXPECT_LT(ratio, 2.5) << model << ": " << half.estimate->executions << " estimated, " << whole.executions << " in truth";
  }
}

TEST(TreeEstimate, IsReportedOnlyWhenAnExhaustiveRunWasStopped) {
  EXPECT_FALSE(testing::run_model("test/uniform-choices", {}, {.strategy = "dfs"}).estimate);
  EXPECT_FALSE(testing::run_model("test/uniform-choices", {}, {.strategy = "random", .max_executions = 5}).estimate);
  // bounded: the tree of every schedule, of which the bound explores part.
  RunOptions bounded{.strategy = "bounded"};
  bounded.preemptions = 0;
  RunResult r = testing::run_model("bench/readers", {{"readers", 2}}, bounded);
  ASSERT_EQ(r.verdict, Verdict::incomplete);
  ASSERT_TRUE(r.estimate);
  EXPECT_GT(r.estimate->executions, static_cast<double>(r.executions));
}

// On an irregular tree the estimate of a run stopped at a tenth of the tree lands near the
// tree's true size (from random walks: dfs's own first executions overestimated it 22 times).
TEST(TreeEstimate, LandsNearTheTrueSizeOfAnIrregularTree) {
  const RunResult whole = testing::run_model("bench/readers", {{"readers", 5}}, {.strategy = "dfs"});
  ASSERT_EQ(whole.verdict, Verdict::pass);
  RunResult part = testing::run_model("bench/readers", {{"readers", 5}},
                                      {.strategy = "dfs", .max_executions = whole.executions / 10});
  ASSERT_TRUE(part.estimate);
  const double ratio = part.estimate->executions / static_cast<double>(whole.executions);
  EXPECT_GT(ratio, 0.6) << part.estimate->executions << " estimated, " << whole.executions << " in truth";
  EXPECT_LT(ratio, 1.6) << part.estimate->executions << " estimated, " << whole.executions << " in truth";
  EXPECT_GT(part.estimate->spread, 0);
}

TEST(TreeEstimator, MeanAndStandardErrorAndMergeAgree) {
  detail::TreeEstimator all;
  detail::TreeEstimator left;
  detail::TreeEstimator right;
  const double samples[] = {2, 4, 4, 4, 5, 5, 7, 9};
  for (int i = 0; i < 8; ++i) {
    all.add(samples[i]);
    (i < 3 ? left : right).add(samples[i]);
  }
  const auto e = all.estimate();
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(e->executions, 5);
  EXPECT_NEAR(e->spread, std::sqrt(32.0 / 7 / 8), 1e-12);  // sample variance 32/7, over n = 8
  left.merge(right);
  EXPECT_NEAR(left.estimate()->executions, e->executions, 1e-12);
  EXPECT_NEAR(left.estimate()->spread, e->spread, 1e-12);
  detail::TreeEstimator from_reports;
  from_reports.merge(*detail::TreeEstimator(all).estimate());
  EXPECT_NEAR(from_reports.estimate()->spread, e->spread, 1e-12);
}

}  // namespace
}  // namespace lockstep
