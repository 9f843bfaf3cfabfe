// Faults inside model code become failures with a trace; the checker keeps running.
#include <csignal>
#include <exception>

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

TEST(Faults, CrashWhileThrowingLeavesNoExceptionInFlight) {
  auto r = run_model("test/crash-while-throwing");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_EQ(std::uncaught_exceptions(), 0);
  EXPECT_MODEL_PASSES("test/exception-in-flight-stays-in-its-thread");
}

TEST(Faults, EndlessLoopWithoutStepsIsStoppedByTheWatchdog) {
  auto r = run_model("test/invisible-loop");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::step_limit);
  EXPECT_NE(r.failure->message.find("thread a ran for"), std::string::npos) << r.failure->message;
  EXPECT_MODEL_PASSES("seeds/condition-fixed");  // and the checker goes on
}

namespace {
volatile sig_atomic_t fpe_seen = 0;
void count_fpe(int) { fpe_seen = fpe_seen + 1; }
void ignore(int) {}
}  // namespace

// lockstep's handlers stay installed after an exploration. A test framework that installs
// its own fatal-signal handlers over them still gets the signals raised outside any
// execution, and the next exploration takes model faults back.
TEST(Faults, SignalsOutsideAnExecutionGoToTheProgramsOwnHandler) {
  EXPECT_MODEL_PASSES("seeds/condition-fixed");  // lockstep's handlers are in place
  struct sigaction own{};
  sigemptyset(&own.sa_mask);
  struct sigaction before_fpe{};
  struct sigaction before_segv{};
  own.sa_handler = count_fpe;
  ASSERT_EQ(::sigaction(SIGFPE, &own, &before_fpe), 0);
  own.sa_handler = ignore;
  ASSERT_EQ(::sigaction(SIGSEGV, &own, &before_segv), 0);
  fpe_seen = 0;
  auto r = run_model("test/divide-by-zero");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::crash);
  EXPECT_EQ(fpe_seen, 0);  // the model's fault was lockstep's alone
  ::raise(SIGFPE);         // outside any execution
  EXPECT_EQ(fpe_seen, 1);
  ::raise(SIGFPE);
  EXPECT_EQ(fpe_seen, 2);
  ::sigaction(SIGFPE, &before_fpe, nullptr);
  ::sigaction(SIGSEGV, &before_segv, nullptr);
}
