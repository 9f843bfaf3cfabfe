// ProcessCondition (multiprocessing.Condition): any-sleeper wake-ups, notify counts, the
// notifier's wait for acknowledgements and timed-out sleepers, each proven by the verdict
// of a tiny model (tests/models/process_condition_models.cpp).
#include <lockstep/gtest.hpp>

#include <string>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(ProcessCondition, NotifyWakesAnySleeperNotTheFirst) {
  EXPECT_MODEL_PASSES("test/pcond-notify-each");
  EXPECT_MODEL_FAILS("test/pcond-any-sleeper-reachable", FailureKind::assertion);
}

TEST(ProcessCondition, NotifyNWakesNSleepers) {
  EXPECT_MODEL_FAILS("test/pcond-notify-n", FailureKind::deadlock, {{"n", 1}});
  EXPECT_MODEL_PASSES("test/pcond-notify-n", {{"n", 2}});
  EXPECT_MODEL_PASSES("test/pcond-notify-n", {{"n", -1}});
}

TEST(ProcessCondition, NotifierWaitsForTheWokenSleeperBeforeReleasingTheLock) {
  auto r = run_model("test/pcond-any-sleeper-reachable");
  ASSERT_TRUE(r.failure);
  int took = -1;
  int acknowledged = -1;
  int released = -1;
  for (const auto& s : r.failure->trace) {
    if (took < 0 && s.op == "pcond1.wait() takes a wake-up") took = s.step;
    if (acknowledged < 0 && s.op == "pcond1.notify() sees 1 sleeper(s) woken (woken_count.acquire())") {
      acknowledged = s.step;
    }
    if (acknowledged > 0 && released < 0 && s.thread == "notifier" && s.op == "pcond1.release()") released = s.step;
  }
  EXPECT_GT(took, 0) << lockstep::format_failure(r);
  EXPECT_GT(acknowledged, took) << lockstep::format_failure(r);
  EXPECT_GT(released, acknowledged) << lockstep::format_failure(r);
}

TEST(ProcessCondition, TimedOutSleepersAreDiscountedOrSwallowAWakeUp) {
  EXPECT_MODEL_PASSES("test/pcond-timeout-discounted");
  auto r = run_model("test/pcond-timeout-swallows-reachable");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  ASSERT_FALSE(r.failure->blocked.empty());
  bool b_asleep = false;
  for (const auto& b : r.failure->blocked) {
    b_asleep |= b.thread == "b" && b.waits_for == "waits in pcond1.wait() for a notify that never comes";
  }
  EXPECT_TRUE(b_asleep) << lockstep::format_failure(r);
}

TEST(ProcessCondition, WaitWithoutTheLockIsMisuse) {
  auto r = run_model("test/pcond-wait-unlocked");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::model_misuse);
  EXPECT_NE(r.failure->message.find("pcond1.wait()"), std::string::npos) << r.failure->message;
}
