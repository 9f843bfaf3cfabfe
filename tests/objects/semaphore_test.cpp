// Semaphore: blocking, wake-up, timeouts and happens-before, each proven by the verdict of
// a tiny model (tests/models/semaphore_models.cpp).
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(Semaphore, AcquireWaitsForReleaseAndIsOrderedAfterIt) { EXPECT_MODEL_PASSES("test/sem-handoff"); }

TEST(Semaphore, AdmitsAsManyThreadsAsPermitsAndNoMore) {
  EXPECT_MODEL_PASSES("test/sem-admits-n");
  EXPECT_MODEL_FAILS("test/sem-admits-n-reachable", FailureKind::assertion);
}

TEST(Semaphore, AcquireOnZeroNeverReleasedDeadlocks) {
  auto r = run_model("test/sem-never-released");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  ASSERT_EQ(r.failure->blocked.size(), 1u);
  EXPECT_EQ(r.failure->blocked[0].waits_for, "waits in sem1.acquire() (count is 0)");
}

TEST(Semaphore, TimedAcquireMayTimeOutOrSucceed) {
  EXPECT_MODEL_PASSES("test/sem-timeout");
  EXPECT_MODEL_FAILS("test/sem-timeout-reachable", FailureKind::assertion);
  EXPECT_MODEL_FAILS("test/sem-success-reachable", FailureKind::assertion);
}

TEST(Semaphore, TimedOutAcquireIsTracedAsFalse) {
  auto r = run_model("test/sem-timeout-reachable");
  ASSERT_TRUE(r.failure);
  bool saw = false;
  for (const auto& s : r.failure->trace) saw |= s.thread == "waiter" && s.op == "sem1.acquire(timeout=5) -> False";
  EXPECT_TRUE(saw) << lockstep::format_failure(r);
}
