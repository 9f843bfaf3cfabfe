// models/primitives: each classic bug is found as the failure it declares, in the threads
// that make it, with a token that replays it; each corrected twin passes exhaustively under
// dpor and dfs.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "lockstep/gtest.hpp"

namespace {

using namespace lockstep;
using lockstep::testing::run_model;

std::set<std::string> trace_threads(const Failure& f) {
  std::set<std::string> out;
  for (const auto& s : f.trace) out.insert(s.thread);
  return out;
}

bool has_step(const Failure& f, const std::string& thread, const std::string& op) {
  for (const auto& s : f.trace) {
    if (s.thread == thread && s.op == op) return true;
  }
  return false;
}

// The model's failure under `strategy`: of the declared kind, and its token replays it.
Failure expect_bug(const std::string& model, FailureKind kind, const std::string& strategy = "dpor") {
  RunResult r = run_model(model, {}, {.strategy = strategy});
  EXPECT_TRUE(r.failure) << model;
  if (!r.failure) return {};
  EXPECT_EQ(r.failure->kind, kind) << format_failure(r);
  EXPECT_TRUE(r.as_expected) << format_summary(r);
  RunResult again = run_model(model, {}, {.strategy = "replay", .token = r.failure->token});
  EXPECT_TRUE(again.failure) << model;
  if (again.failure) {
    EXPECT_EQ(again.failure->kind, kind);
    EXPECT_EQ(again.failure->message, r.failure->message);
    EXPECT_EQ(again.failure->trace.size(), r.failure->trace.size());
  }
  return *r.failure;
}

void expect_fixed(const std::string& model) {
  for (const char* strategy : {"dpor", "dfs"}) {
    RunResult r = run_model(model, {}, {.strategy = strategy});
    EXPECT_FALSE(r.failure) << strategy << ": " << format_failure(r);
    EXPECT_EQ(r.verdict, Verdict::pass) << strategy << ": " << format_summary(r);
  }
}

TEST(PrimitiveModels, LockTimeoutIgnoredRacesAndCheckedPasses) {
  for (const char* strategy : {"dpor", "dfs"}) {
    const Failure f = expect_bug("primitives/lock-timeout-ignored", FailureKind::data_race, strategy);
    EXPECT_EQ(trace_threads(f), (std::set<std::string>{"main", "a", "b"}));
    // One worker's acquire timed out while the other held the lock.
    EXPECT_TRUE(has_step(f, "a", "m.acquire(timeout=5) times out -> False") ||
                has_step(f, "b", "m.acquire(timeout=5) times out -> False"))
        << f.message;
  }
  expect_fixed("primitives/lock-timeout-checked");
}

TEST(PrimitiveModels, BoundedSemaphoreOverReleaseRaisesValueError) {
  const Failure f = expect_bug("primitives/bounded-semaphore-over-release", FailureKind::uncaught_exception);
  EXPECT_NE(f.message.find("ValueError: Semaphore released too many times"), std::string::npos) << f.message;
  EXPECT_TRUE(has_step(f, "a", "pool.release() raises ValueError (Semaphore released too many times)") ||
              has_step(f, "b", "pool.release() raises ValueError (Semaphore released too many times)"));
  expect_fixed("primitives/bounded-semaphore-pool");
}

TEST(PrimitiveModels, ABarrierLappedByAFastPartyRaces) {
  for (const char* strategy : {"dpor", "dfs"}) {
    const Failure f = expect_bug("primitives/barrier-lapped", FailureKind::data_race, strategy);
    EXPECT_EQ(trace_threads(f), (std::set<std::string>{"main", "a", "b"}));
    EXPECT_TRUE(has_step(f, "a", "barrier.wait() -> 1, the last party: releases the barrier") ||
                has_step(f, "b", "barrier.wait() -> 1, the last party: releases the barrier"));
  }
  expect_fixed("primitives/barrier-phases");
}

TEST(PrimitiveModels, MissingTaskDoneLeavesJoinWaitingForever) {
  const Failure f = expect_bug("primitives/queue-task-done-missing", FailureKind::deadlock);
  // Only main is blocked: the daemon workers waiting in get() are no part of the deadlock.
  ASSERT_EQ(f.blocked.size(), 1u);
  EXPECT_EQ(f.blocked[0].thread, "main");
  EXPECT_EQ(f.blocked[0].waits_for, "waits in q.join(): 1 task(s) never marked task_done()");
  expect_fixed("primitives/queue-join");
}

TEST(PrimitiveModels, PutNowaitIntoAFullQueueRaisesQueueFull) {
  const Failure f = expect_bug("primitives/queue-put-nowait-full", FailureKind::uncaught_exception);
  EXPECT_EQ(f.message, "uncaught exception in thread producer: queue.Full");
  EXPECT_TRUE(has_step(f, "producer", "q.put_nowait(...) raises queue.Full"));
  expect_fixed("primitives/queue-put-nowait-fallback");
}

TEST(PrimitiveModels, ACancelledTimerMayHaveFiredAlready) {
  const Failure f = expect_bug("primitives/timer-cancel-too-late", FailureKind::assertion);
  EXPECT_EQ(trace_threads(f), (std::set<std::string>{"main", "timeout"}));
  EXPECT_TRUE(has_step(f, "timeout", "timeout.finished.wait(timeout=5) times out -> False"));
  expect_fixed("primitives/timer-cancel-decided");
}

TEST(PrimitiveModels, JoinWithATimeoutMayReturnBeforeTheThreadFinished) {
  const Failure f = expect_bug("primitives/join-timeout-unchecked", FailureKind::assertion);
  EXPECT_TRUE(has_step(f, "main", "worker.join(timeout=5) times out (still alive)"));
  expect_fixed("primitives/join-timeout-checked");
}

TEST(PrimitiveModels, AStopSentinelOvertakesTheWorkInPriorityAndLifoQueues) {
  for (const char* model : {"primitives/priority-queue-sentinel-first", "primitives/lifo-queue-sentinel-first"}) {
    const Failure f = expect_bug(model, FailureKind::assertion);
    EXPECT_EQ(trace_threads(f), (std::set<std::string>{"main", "worker"}));
    EXPECT_TRUE(has_step(f, "worker", "q.get() -> 0")) << model;
  }
  expect_fixed("primitives/priority-queue-sentinel-after-join");
  expect_fixed("primitives/lifo-queue-sentinel-after-join");
}

TEST(PrimitiveModels, WorkLeftToADaemonIsLostAtExit) {
  const Failure f = expect_bug("primitives/daemon-work-lost", FailureKind::assertion);
  // The program ended before the daemon took a step: it is abandoned, not waited for.
  EXPECT_EQ(trace_threads(f), (std::set<std::string>{"main"}));
  EXPECT_TRUE(f.blocked.empty());
  expect_fixed("primitives/daemon-work-awaited");
}

}  // namespace
