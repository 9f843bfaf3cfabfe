// Deadlock reports explain lost wakeups: the last notify of the condition a thread waits on
// forever, with its step, and whether it woke nobody or was absorbed by a timed-out waiter.
#include <gtest/gtest.h>

#include <string>

#include "lockstep/gtest.hpp"

namespace {

using namespace lockstep;

std::string waits_for(const RunResult& r, const std::string& thread) {
  if (!r.failure) return "no failure";
  for (const auto& b : r.failure->blocked) {
    if (b.thread == thread) return b.waits_for;
  }
  return "not blocked";
}

// The step a trace line describes, as "#N".
std::string step_of(const RunResult& r, const std::string& op_prefix) {
  for (const auto& s : r.failure->trace) {
    if (s.op.rfind(op_prefix, 0) == 0) return "#" + std::to_string(s.step);
  }
  return "none";
}

TEST(DeadlockDiagnosis, ANotifyBeforeTheWaitWokeNobody) {
  RunResult r = lockstep::testing::run_model("test/report/notify-before-wait");
  ASSERT_TRUE(r.as_expected) << format_failure(r);
  EXPECT_EQ(waits_for(r, "waiter"),
            "waits in cv.wait(); the last notify of cv (step " + step_of(r, "cv.notify()") + ") woke nobody")
      << format_failure(r);
}

TEST(DeadlockDiagnosis, ANotifyAbsorbedByATimedOutWaiterIsNamed) {
  RunResult r = lockstep::testing::run_model("test/report/absorbed-notify");
  ASSERT_TRUE(r.as_expected) << format_failure(r);
  EXPECT_EQ(waits_for(r, "c2"), "waits in cv.wait(); the last notify of cv (step " + step_of(r, "cv.notify()") +
                                    ") was absorbed by c1, whose wait had timed out")
      << format_failure(r);
}

TEST(DeadlockDiagnosis, AConditionNeverNotifiedSaysSo) {
  RunResult r = lockstep::testing::run_model("test/report/never-notified");
  ASSERT_TRUE(r.as_expected) << format_failure(r);
  EXPECT_EQ(waits_for(r, "waiter"), "waits in cv.wait(); cv was never notified") << format_failure(r);
}

TEST(DeadlockDiagnosis, ANotifyThatWokeOthersBeforeThisWaitSaysWhom) {
  RunResult r = lockstep::testing::run_model("seeds/condition-wait-forever");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(waits_for(r, "c1"), "waits in cond.wait(); the last notify of cond (step " +
                                    step_of(r, "cond.notify()") + ") woke c1, before this wait began")
      << format_failure(r);
}

}  // namespace
