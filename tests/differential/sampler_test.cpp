// The sampling oracle: a program too big for dfs's budget is checked against random walks and
// PCT runs rather than skipped, and an outcome they reach that the exhaustive strategy misses
// is reported with a token that replays to it.
#include <gtest/gtest.h>

#include "differential/runner.hpp"
#include "explore/dfs.hpp"
#include "explore/dpor.hpp"

namespace lockstep::difftest {
namespace {

// Three threads racing on one atomic: hundreds of schedules for dfs, all of them passing
// but for their final states.
const Program kRacy{{
    {{Code::spawn, 1, 0}, {Code::spawn, 2, 0}, {Code::a_store, 0, 1}, {Code::a_load, 0, 0}},
    {{Code::a_store, 0, 2}, {Code::a_load, 0, 0}},
    {{Code::a_fetch_add, 0, 1}, {Code::a_load, 0, 0}},
}};

TEST(DiffSampler, AProgramTooBigForDfsIsCheckedBySamplingNotSkipped) {
  const Verdict exhaustive = check_program(kRacy, {.dfs_budget = 100000});
  ASSERT_FALSE(exhaustive.divergence) << exhaustive.divergence->detail;
  ASSERT_GT(exhaustive.dfs_executions, 50u);  // so a budget of 50 is too small

  const Verdict v = check_program(kRacy, {.dfs_budget = 50, .sample_executions = 300});
  EXPECT_FALSE(v.divergence) << v.divergence->detail;
  EXPECT_TRUE(v.sampled);
  EXPECT_FALSE(v.skipped);
  EXPECT_EQ(v.dfs_executions, 0u);
  EXPECT_EQ(v.sampled_executions, 300u);
  EXPECT_EQ(v.dpor_executions, exhaustive.dpor_executions);  // dpor ran to its end

  // Without the sampler it is skipped, as it is when dpor too needs more than its budget.
  const Verdict off = check_program(kRacy, {.dfs_budget = 50, .sample_executions = 0});
  EXPECT_TRUE(off.skipped);
  EXPECT_FALSE(off.sampled);
  const Verdict dpor_too = check_program(kRacy, {.dfs_budget = 50, .sample_executions = 300, .dpor_budget = 5});
  EXPECT_TRUE(dpor_too.skipped);
  EXPECT_FALSE(dpor_too.sampled);
  EXPECT_EQ(dpor_too.sampled_executions, 0u);
}

// A strategy with a blind spot: dfs over the schedules in which a thread runs only when no
// thread of a lower number can, which claims, once they are exhausted, to have explored
// everything (as a dpor that drops races would).
class LowestFirst : public detail::Strategy {
 public:
  bool next_execution() override {
    done_ = !inner_.next_execution();
    return !done_;
  }
  detail::ThreadId pick(const detail::SchedulingPoint& point) override {
    return inner_.pick({point.enabled & -point.enabled, point.previous, point.execution});
  }
  int choose(int n) override { return inner_.choose(n); }
  bool complete() const override { return done_; }

 private:
  detail::DfsStrategy inner_;
  bool done_ = false;
};

// main stores 1 into a0; t1 loads a0 and checks it is not 0, then its value is part of the
// final state. Only when t1 runs before main's store does the check fail.
const Program kStoreAndCheck{{
    {{Code::spawn, 1, 0}, {Code::a_store, 0, 1}},
    {{Code::a_load, 0, 0}, {Code::check, 0, 0}},
}};

TEST(DiffSampler, AnOutcomeTheReferenceMissesIsReportedWithATokenThatReplaysToIt) {
  const RunnerOptions options{.dfs_budget = 1, .sample_executions = 200};
  detail::DporStrategy dpor;
  const Verdict sound = check_by_sampling(kStoreAndCheck, dpor, options);
  ASSERT_TRUE(sound.sampled);
  EXPECT_FALSE(sound.divergence) << sound.divergence->detail;

  LowestFirst blind;
  const Verdict v = check_by_sampling(kStoreAndCheck, blind, options);
  ASSERT_TRUE(v.sampled);
  ASSERT_TRUE(v.divergence);
  EXPECT_EQ(v.divergence->kind, "sampled outcomes") << v.divergence->detail;
  // The failing check, the one outcome of a schedule where t1 overtakes main.
  EXPECT_TRUE(v.missed.starts_with("assertion: ")) << v.missed;
  EXPECT_NE(v.divergence->detail.find(v.token), std::string::npos);
  EXPECT_EQ(replay_token(v.token, options), v.missed);
  // The shrinker takes it for the bug dfs shows as a dpor outcome divergence.
  EXPECT_TRUE(same_bug(*v.divergence, Divergence{"dpor outcomes", ""}));
  EXPECT_FALSE(same_bug(*v.divergence, Divergence{"dpor replay", ""}));
}

// A passing outcome missed (t1 sees 0 and moves on): its token records no failure, and
// replays to the same final state.
TEST(DiffSampler, AMissedPassingOutcomeReplaysToItsFinalState) {
  const Program p{{
      {{Code::spawn, 1, 0}, {Code::a_store, 0, 1}},
      {{Code::a_load, 0, 0}},
  }};
  const RunnerOptions options{.dfs_budget = 1, .sample_executions = 200};
  LowestFirst blind;
  const Verdict v = check_by_sampling(p, blind, options);
  ASSERT_TRUE(v.divergence);
  EXPECT_EQ(v.divergence->kind, "sampled outcomes") << v.divergence->detail;
  EXPECT_TRUE(v.missed.starts_with("pass ")) << v.missed;
  EXPECT_EQ(replay_token(v.token, options), v.missed);
}

}  // namespace
}  // namespace lockstep::difftest
