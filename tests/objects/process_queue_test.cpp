// ProcessQueue: delayed delivery by a feeder per producer, blocking, bounded puts, timeouts
// and happens-before, each proven by the verdict of a tiny model
// (tests/models/process_queue_models.cpp).
#include <lockstep/gtest.hpp>

using lockstep::FailureKind;
using lockstep::testing::run_model;

TEST(ProcessQueue, EmptyCanBeTrueAfterPutReturned) {
  EXPECT_MODEL_FAILS("test/pqueue-empty-after-put-reachable", FailureKind::assertion);
  EXPECT_MODEL_FAILS("test/pqueue-try-get-reachable", FailureKind::assertion);
}

TEST(ProcessQueue, GetWaitsForTheFeederAndPendingDeliveryIsNoDeadlock) {
  EXPECT_MODEL_PASSES("test/pqueue-get-waits-for-delivery");
  EXPECT_MODEL_PASSES("test/pqueue-left-behind");
  EXPECT_MODEL_PASSES("test/pqueue-timed-get");
  EXPECT_MODEL_FAILS("test/pqueue-get-forever", FailureKind::deadlock);
}

TEST(ProcessQueue, FeederIsNamedAfterItsProducerAndNeverListedAsBlocked) {
  auto r = run_model("test/pqueue-cross-producer-reachable");
  ASSERT_TRUE(r.failure);
  bool a_delivered = false;
  bool b_delivered = false;
  for (const auto& s : r.failure->trace) {
    a_delivered |= s.thread == "a:pqueue1-feeder" && s.op == "pqueue1 feeder delivers 1";
    b_delivered |= s.thread == "b:pqueue1-feeder" && s.op == "pqueue1 feeder delivers 2";
  }
  EXPECT_TRUE(a_delivered && b_delivered) << lockstep::format_failure(r);
  auto d = run_model("test/pqueue-get-forever");
  ASSERT_TRUE(d.failure);
  ASSERT_EQ(d.failure->blocked.size(), 1u);
  EXPECT_EQ(d.failure->blocked[0].thread, "main");
}

TEST(ProcessQueue, PerProducerFifoButNoOrderAcrossProducers) {
  EXPECT_MODEL_PASSES("test/pqueue-fifo-per-producer");
  EXPECT_MODEL_FAILS("test/pqueue-cross-producer-reachable", FailureKind::assertion);
}

TEST(ProcessQueue, BoundedPutWaitsForAGet) { EXPECT_MODEL_PASSES("test/pqueue-bounded"); }
