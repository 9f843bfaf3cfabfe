// The runtime: exact execution counts, fair yield, at_end, exceptions, parameters.
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::RunOptions;
using lockstep::Verdict;
using lockstep::testing::run_model;

namespace {
RunOptions dfs() {
  RunOptions o;
  o.strategy = "dfs";
  return o;
}
}  // namespace

// choose(3) then choose(2): 3 x 2 value combinations, no thread ever competes.
TEST(ExecutionCount, ChooseValuesMultiply) {
  auto r = run_model("test/count-choose", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.executions, 6u);
}

// Steps: a.s (a's store), b.s, m.jb (main joins b at scope exit, after b.s), m.ja (after
// a.s and m.jb). Only a.s floats: before b.s, between b.s and m.jb, or after m.jb = 3.
TEST(ExecutionCount, TwoStoresAndImplicitJoins) {
  auto r = run_model("test/count-two-stores", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.executions, 3u);
}

// Steps a1<a2<m.ja and b1<b2, then m.jb last (main joins a first). Interleavings of the
// chains (a1 a2 m.ja) and (b1 b2): 5! / (3! 2!) = 10.
TEST(ExecutionCount, TwoByTwoWithExplicitJoins) {
  auto r = run_model("test/count-two-by-two", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.executions, 10u);
}

// Race-free Shared accesses commute with every other thread's steps: one execution, and the
// trace still shows both stores and both joins.
TEST(ExecutionCount, SharedAccessesAreNotSchedulingPoints) {
  auto r = run_model("test/count-two-shared-stores", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.executions, 1u);
  EXPECT_EQ(r.steps, 8u);  // 2 spawns, 2 stores, 2 joins, 2 loads
}

// Python's `with m:` releases m when an exception leaves the block; so does a Guard, and the
// trace shows that release.
TEST(Guard, ReleasesWhenAnExceptionLeavesItsScope) {
  auto r = run_model("test/with-releases-on-exception", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass) << lockstep::format_failure(r);
}

// Every model thread runs on the one OS thread, whose C++ runtime keeps the exceptions in
// flight and caught: each fiber has its own (Execution::transfer swaps them).
TEST(Exceptions, InFlightInOneThreadIsNotSeenByAnother) {
  auto r = run_model("test/exception-in-flight-stays-in-its-thread", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass) << lockstep::format_failure(r);
}

TEST(Exceptions, EachThreadRethrowsTheOneItCaught) {
  auto r = run_model("test/caught-exceptions-stay-in-their-thread", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass) << lockstep::format_failure(r);
}

TEST(AtEnd, CatchesALostUpdateAndPassesWithALock) {
  auto r = run_model("test/lost-update", {}, dfs());
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_EQ(r.failure->message, "both increments landed");
  EXPECT_MODEL_PASSES("test/locked-update");
}

TEST(Yield, SpinLockTerminatesUnderExhaustiveSearch) {
  auto r = run_model("test/spinlock", {}, dfs());
  EXPECT_EQ(r.verdict, Verdict::pass) << lockstep::format_failure(r);
  EXPECT_GT(r.executions, 1u);
}

TEST(Yield, SpinnerWaitingForASetterIsNoLivelock) { EXPECT_MODEL_PASSES("test/spin-until-set"); }

TEST(Yield, SpinningAloneForeverIsALivelock) {
  RunOptions o = dfs();
  o.max_steps = 2000;
  EXPECT_MODEL_FAILS("test/spin-forever", FailureKind::livelock, {}, o);
}

TEST(StepLimit, BusyLoopWithoutYieldHitsTheStepLimit) {
  RunOptions o = dfs();
  o.max_steps = 2000;
  auto r = run_model("test/busy-forever", {}, o);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::step_limit);
  EXPECT_EQ(r.failure->trace.size(), 2000u);
}

TEST(Exceptions, UncaughtExceptionIsReportedWithItsMessage) {
  auto r = run_model("test/throws");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  EXPECT_NE(r.failure->message.find("boom"), std::string::npos);
  EXPECT_NE(r.failure->message.find("thread t"), std::string::npos);
}

TEST(Params, DefaultsAndOverridesAreReported) {
  auto r = run_model("test/params");
  EXPECT_EQ(r.params, (lockstep::Params{{"a", 1}, {"b", 2}}));
  r = run_model("test/params", {{"b", 12}});
  EXPECT_EQ(r.params, (lockstep::Params{{"a", 1}, {"b", 12}}));
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
}

TEST(Params, UnknownParameterIsAnInputError) {
  EXPECT_THROW(run_model("test/params", {{"c", 1}}), lockstep::InputError);
}
