// queue's additions: task_done()/join(), put(timeout)/put_nowait with Full, get_nowait with
// Empty, full(), LifoQueue and PriorityQueue, each proven by the verdict of a tiny model
// (tests/models/python_queue_models.cpp) and the words of its trace.
#include <lockstep/gtest.hpp>

#include <string>

#include "objects/trace_has.hpp"

using lockstep::FailureKind;
using lockstep::testing::run_model;

using lockstep::testing::trace_has;

TEST(QueueJoin, ReturnsAfterTheLastTaskDoneWhichOrdersTheWork) {
  EXPECT_MODEL_PASSES("test/queue-join-orders");
  EXPECT_MODEL_PASSES("test/queue-join-orders", {}, {.strategy = "dfs"});
  EXPECT_MODEL_PASSES("test/queue-join-empty");
}

TEST(QueueJoin, TaskDoneTooOftenRaisesValueError) {
  auto r = run_model("test/queue-task-done-too-often");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  EXPECT_EQ(r.failure->message, "uncaught exception in thread main: ValueError: task_done() called too many times");
  EXPECT_TRUE(trace_has(r, "main", "queue1.task_done() raises ValueError (task_done() called too many times)"))
      << lockstep::format_failure(r);
}

TEST(QueueNowait, GetNowaitOnEmptyRaisesQueueEmpty) {
  auto r = run_model("test/queue-get-nowait-empty");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  EXPECT_EQ(r.failure->message, "uncaught exception in thread main: queue.Empty");
  EXPECT_TRUE(trace_has(r, "main", "queue1.get_nowait() raises queue.Empty")) << lockstep::format_failure(r);
}

TEST(QueuePutTimeout, MayGetInOrRaiseFull) {
  auto full = run_model("test/queue-put-timeout-full-reachable");
  ASSERT_TRUE(full.failure);
  EXPECT_EQ(full.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(full, "main", "queue1.put(..., timeout=5) times out, raises queue.Full"))
      << lockstep::format_failure(full);
  auto in = run_model("test/queue-put-timeout-in-reachable");
  ASSERT_TRUE(in.failure);
  EXPECT_EQ(in.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(in, "main", "queue1.put(2, timeout=5)")) << lockstep::format_failure(in);
}

TEST(QueueOrders, LifoAndPriorityQueuesAndFull) {
  EXPECT_MODEL_PASSES("test/queue-orders");
  EXPECT_MODEL_PASSES("cpython/queue-test-simple");
  EXPECT_MODEL_PASSES("cpython/queue-test-join");
  EXPECT_MODEL_PASSES("cpython/queue-test-join", {}, {.strategy = "dfs"});
}
