// Condition, Lock and RLock behaviours, each proven by the verdict of a tiny model
// (tests/models/condition_models.cpp).
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(Condition, NotifyWakesTheFirstQueuedWaiter) {
  EXPECT_MODEL_PASSES("test/cond-fifo");
  EXPECT_MODEL_FAILS("test/cond-fifo-reachable", FailureKind::assertion);
}

TEST(Condition, TimeoutZeroWaiterAbsorbsANotify) {
  EXPECT_MODEL_PASSES("test/cond-timeout0-absorbs");
  EXPECT_MODEL_FAILS("test/cond-timeout0-absorbs-reachable", FailureKind::assertion);
}

TEST(Condition, TimeoutZeroNeverBlocksButReleasesAndReacquires) {
  auto r = run_model("test/cond-timeout0-absorbs-reachable");
  ASSERT_TRUE(r.failure);
  bool saw_timeout0 = false;
  bool saw_reacquire = false;
  for (const auto& s : r.failure->trace) {
    if (s.thread == "t1" && s.op.find("wait(timeout=0) releases lock, does not block") != std::string::npos) {
      saw_timeout0 = true;
    }
    if (s.thread == "t1" && s.op.find("reacquires lock, returns False") != std::string::npos) saw_reacquire = true;
  }
  EXPECT_TRUE(saw_timeout0);
  EXPECT_TRUE(saw_reacquire);
}

TEST(Condition, NotifyOneOfTwoWaitersLeavesOneForever) {
  EXPECT_MODEL_FAILS("test/cond-notify-n", FailureKind::deadlock, {{"n", 1}});
  EXPECT_MODEL_FAILS("test/cond-notify-n", FailureKind::deadlock, {{"n", 0}});
  EXPECT_MODEL_PASSES("test/cond-notify-n", {{"n", 2}});
  EXPECT_MODEL_PASSES("test/cond-notify-n", {{"n", 5}});
}

TEST(Condition, NotifyAllWakesEveryWaiter) { EXPECT_MODEL_PASSES("test/cond-notify-n", {{"n", -1}}); }

TEST(Condition, WaitOrNotifyWithoutTheLockIsMisuse) {
  EXPECT_MODEL_FAILS("test/cond-wait-released-guard", FailureKind::model_misuse);
  EXPECT_MODEL_FAILS("test/cond-notify-unlocked", FailureKind::model_misuse);
  auto r = run_model("test/cond-wait-unowned-rlock");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::model_misuse);
  EXPECT_NE(r.failure->message.find("cannot wait on un-acquired lock"), std::string::npos) << r.failure->message;
}

TEST(Condition, TimedWaitTimesOutInsteadOfDeadlocking) {
  EXPECT_MODEL_PASSES("test/cond-timed-wait");
  EXPECT_MODEL_FAILS("test/cond-wait-forever", FailureKind::deadlock);
}

TEST(Condition, WaitForWithTimeoutReturnsThePredicate) { EXPECT_MODEL_PASSES("test/cond-wait-for-timeout"); }

TEST(Condition, WaitReleasesAllRLockLevelsAndRestoresThem) { EXPECT_MODEL_PASSES("test/rlock-wait-releases-fully"); }

TEST(Lock, PlainLockIsNotReentrant) { EXPECT_MODEL_FAILS("test/lock-twice", FailureKind::deadlock); }
TEST(Lock, RLockIsReentrant) { EXPECT_MODEL_PASSES("test/rlock-twice"); }
TEST(Lock, PlainLockMayBeReleasedByAnotherThread) { EXPECT_MODEL_PASSES("test/lock-release-by-other"); }
TEST(Lock, RLockReleasedByANonOwnerIsMisuse) {
  EXPECT_MODEL_FAILS("test/rlock-release-by-other", FailureKind::model_misuse);
  EXPECT_MODEL_FAILS("test/release-unlocked", FailureKind::model_misuse);
}

TEST(Lock, DeadlockReportNamesTheHolder) {
  auto r = run_model("test/lock-twice");
  ASSERT_TRUE(r.failure);
  ASSERT_FALSE(r.failure->blocked.empty());
  EXPECT_EQ(r.failure->blocked[0].thread, "main");
  EXPECT_NE(r.failure->blocked[0].waits_for.find("which it holds itself"), std::string::npos);
  EXPECT_EQ(r.failure->blocked[0].holds, std::vector<std::string>{"lock1"});
}
