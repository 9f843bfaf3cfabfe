// Faults inside model code become failures with a trace; the checker keeps running.
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(Faults, SegfaultIsACrashWithTheTraceUpToIt) {
  auto r = run_model("test/segfault");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("thread b crashed: SEGV"), std::string::npos) << r.failure->message;
  ASSERT_FALSE(r.failure->trace.empty());
  EXPECT_EQ(r.failure->trace.back().thread, "b");
  EXPECT_EQ(r.failure->trace.back().op, "atomic1.load() -> 0");
}

TEST(Faults, AbortAndDivisionByZeroAreCrashes) {
  auto r = run_model("test/abort");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("ABRT"), std::string::npos) << r.failure->message;
  r = run_model("test/divide-by-zero");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_NE(r.failure->message.find("FPE"), std::string::npos) << r.failure->message;
}

TEST(Faults, StackOverflowHitsTheGuardPage) {
  auto r = run_model("test/stack-overflow");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::stack_overflow);
  EXPECT_NE(r.failure->message.find("thread a overflowed"), std::string::npos) << r.failure->message;
}

TEST(Faults, CheckerSurvivesRepeatedFaults) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_MODEL_FAILS("test/segfault", FailureKind::crash);
    EXPECT_MODEL_FAILS("test/stack-overflow", FailureKind::stack_overflow);
  }
  EXPECT_MODEL_PASSES("seeds/condition-fixed");
}

TEST(Faults, CrashWhileUnwoundKeepsTheFailureFound) {
  auto r = run_model("test/crash-while-unwound");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  EXPECT_GT(r.executions, 1u);  // a's fiber served an execution before
  EXPECT_MODEL_PASSES("seeds/condition-fixed");
}

TEST(Faults, EndlessLoopWithoutStepsIsStoppedByTheWatchdog) {
  auto r = run_model("test/invisible-loop");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::step_limit);
  EXPECT_NE(r.failure->message.find("thread a ran for"), std::string::npos) << r.failure->message;
  EXPECT_MODEL_PASSES("seeds/condition-fixed");  // and the checker goes on
}
