// Queue: bounded put, timed get and try_get, each proven by the verdict of a tiny model
// (tests/models/queue_models.cpp).
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(Queue, BoundedPutWaitsForAGet) {
  EXPECT_MODEL_PASSES("test/queue-bounded");
  auto r = run_model("test/queue-bounded-full");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  ASSERT_EQ(r.failure->blocked.size(), 1u);
  EXPECT_EQ(r.failure->blocked[0].waits_for, "waits for a free slot in queue1 (full)");
}

TEST(Queue, TimedGetMayTimeOutOrTakeTheItem) {
  EXPECT_MODEL_FAILS("test/queue-timed-get-timeout-reachable", FailureKind::assertion);
  EXPECT_MODEL_FAILS("test/queue-timed-get-item-reachable", FailureKind::assertion);
}

TEST(Queue, TryGetNeverBlocks) { EXPECT_MODEL_PASSES("test/queue-try-get"); }
