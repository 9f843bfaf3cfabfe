// Event: blocking, wake-up (also after a clear), timeouts and happens-before, each proven
// by the verdict of a tiny model (tests/models/event_models.cpp).
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(Event, WaitReturnsAfterSetAndIsOrderedAfterIt) { EXPECT_MODEL_PASSES("test/event-handoff"); }

TEST(Event, SetWakesABlockedWaiterEvenIfClearedAgain) {
  EXPECT_MODEL_FAILS("test/event-set-clear-wakes-reachable", FailureKind::assertion);
  EXPECT_MODEL_FAILS("test/event-late-waiter", FailureKind::deadlock);
}

TEST(Event, DeadlockReportSaysWhatTheWaiterWaitsFor) {
  auto r = run_model("test/event-late-waiter");
  ASSERT_TRUE(r.failure);
  ASSERT_EQ(r.failure->blocked.size(), 1u);
  EXPECT_EQ(r.failure->blocked[0].waits_for, "waits in event1.wait() for a set() that never comes");
}

TEST(Event, TimedWaitMayTimeOutOrSeeTheSet) {
  EXPECT_MODEL_PASSES("test/event-timeout");
  EXPECT_MODEL_FAILS("test/event-timeout-reachable", FailureKind::assertion);
  EXPECT_MODEL_FAILS("test/event-set-reachable", FailureKind::assertion);
}
