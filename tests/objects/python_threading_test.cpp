// The Python threading additions: Lock/RLock timeouts and locked(), overloads that cannot
// be confused, Semaphore.release(n), BoundedSemaphore, Barrier, daemon threads,
// join(timeout), is_alive(), Timer and Event.wait's result, each proven by the verdict of a
// tiny model (tests/models/python_threading_models.cpp) and the words of its trace.
#include <lockstep/gtest.hpp>
#include <lockstep/lockstep.hpp>

#include <string>

#include "objects/trace_has.hpp"

using lockstep::FailureKind;
using lockstep::testing::run_model;

using lockstep::testing::trace_has;

// m.acquire(5) is a 5-tick timeout, acquire(true/false) is blocking; any other argument
// type does not compile (no silent conversion to `blocking`).
template <class Object, class Arg>
concept AcquireTakes = requires(Object& o, Arg a) { o.acquire(a); };
template <class Q, class Arg>
concept GetTakes = requires(Q& q, Arg a) { q.get(a); };
template <class Q, class Arg>
concept PutTakes = requires(Q& q, Arg a) { q.put(1, a); };
template <class B, class Arg>
concept WaitTakes = requires(B& b, Arg a) { b.wait(a); };
static_assert(AcquireTakes<lockstep::Lock, int> && AcquireTakes<lockstep::Lock, bool>);
static_assert(requires(lockstep::Lock& m) { m.acquire(true, 5); });
static_assert(!AcquireTakes<lockstep::Lock, long> && !AcquireTakes<lockstep::Lock, unsigned>);
static_assert(!AcquireTakes<lockstep::Lock, double> && !AcquireTakes<lockstep::RLock, std::size_t>);
static_assert(!AcquireTakes<lockstep::Condition, long> && !AcquireTakes<lockstep::Semaphore, long>);
static_assert(AcquireTakes<lockstep::Semaphore, bool> && AcquireTakes<lockstep::Semaphore, int>);
static_assert(GetTakes<lockstep::Queue<int>, int> && GetTakes<lockstep::Queue<int>, bool>);
static_assert(!GetTakes<lockstep::Queue<int>, long> && !PutTakes<lockstep::Queue<int>, long>);
static_assert(PutTakes<lockstep::Queue<int>, int> && PutTakes<lockstep::Queue<int>, bool>);
static_assert(WaitTakes<lockstep::Barrier, int> && !WaitTakes<lockstep::Barrier, long>);

TEST(LockTimeout, TimedAcquireMayTakeTheLockOrTimeOut) {
  auto taken = run_model("test/lock-timeout-taken-reachable");
  EXPECT_EQ(taken.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(taken, "waiter", "m.acquire(timeout=5) -> True")) << lockstep::format_failure(taken);
  auto expired = run_model("test/lock-timeout-expires-reachable");
  EXPECT_EQ(expired.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(expired, "waiter", "m.acquire(timeout=5) times out -> False"))
      << lockstep::format_failure(expired);
}

TEST(LockTimeout, MinusOneBlocksZeroTriesLockedFollows) { EXPECT_MODEL_PASSES("test/lock-timeout-values"); }

TEST(LockTimeout, BadTimeoutsRaiseValueErrorAsCPythonDoes) {
  auto negative = run_model("test/lock-timeout-negative");
  ASSERT_TRUE(negative.failure);
  EXPECT_EQ(negative.failure->kind, FailureKind::uncaught_exception);
  EXPECT_NE(negative.failure->message.find("ValueError: timeout value must be a non-negative number"),
            std::string::npos);
  auto nonblocking = run_model("test/lock-nonblocking-with-timeout");
  ASSERT_TRUE(nonblocking.failure);
  EXPECT_NE(nonblocking.failure->message.find("ValueError: can't specify a timeout for a non-blocking call"),
            std::string::npos);
  EXPECT_MODEL_FAILS("test/lock-release-unlocked", FailureKind::model_misuse);
}

TEST(Semaphore, ReleaseNAdmitsNWaitersAndZeroRaises) {
  EXPECT_MODEL_PASSES("test/sem-release-n");
  auto zero = run_model("test/sem-release-zero");
  ASSERT_TRUE(zero.failure);
  EXPECT_NE(zero.failure->message.find("ValueError: n must be one or more"), std::string::npos);
  auto negative = run_model("test/sem-negative");
  ASSERT_TRUE(negative.failure);
  EXPECT_EQ(negative.failure->message, "uncaught exception in thread main: ValueError: semaphore initial value must be >= 0");
}

TEST(BoundedSemaphore, ReleasePastTheInitialValueRaisesValueError) {
  auto r = run_model("test/bounded-sem-over-release");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  EXPECT_EQ(r.failure->message, "uncaught exception in thread main: ValueError: Semaphore released too many times");
  EXPECT_TRUE(trace_has(r, "main", "sem1.release() raises ValueError (Semaphore released too many times)"))
      << lockstep::format_failure(r);
  EXPECT_MODEL_PASSES("test/bounded-sem-release-n");
}

TEST(Barrier, ATimedOutWaitBreaksItForEveryParty) {
  EXPECT_MODEL_PASSES("test/barrier-timeout");
  auto r = run_model("test/barrier-timeout-reachable");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(r, "a", "barrier1.wait(timeout=5) times out, breaks the barrier, raises BrokenBarrierError"))
      << lockstep::format_failure(r);
}

TEST(Barrier, AbortResetAndTheQueries) { EXPECT_MODEL_PASSES("test/barrier-abort-reset"); }

TEST(Barrier, TheActionRunsBeforeAnyPartyLeaves) {
  EXPECT_MODEL_PASSES("test/barrier-action-first");
  EXPECT_MODEL_PASSES("test/barrier-action-first", {}, {.strategy = "dfs"});
  EXPECT_MODEL_PASSES("cpython/barrier-test-action");
  EXPECT_MODEL_PASSES("test/barrier-action-publishes");
  EXPECT_MODEL_PASSES("test/barrier-action-publishes", {}, {.strategy = "dfs"});
}

TEST(Barrier, TooFewPartiesDeadlockAndSayHowManyArrived) {
  auto r = run_model("test/barrier-too-few");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
  ASSERT_EQ(r.failure->blocked.size(), 2u);
  EXPECT_EQ(r.failure->blocked[0].waits_for, "waits in barrier1.wait(): 2 of 3 parties arrived");
}

TEST(Barrier, UncaughtBrokenBarrierErrorNamesThePythonException) {
  auto r = run_model("test/barrier-uncaught");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::uncaught_exception);
  EXPECT_EQ(r.failure->message, "uncaught exception in thread main: threading.BrokenBarrierError");
}

TEST(Barrier, CPythonLockTestsKeepTheirVerdicts) {
  for (const char* name : {"cpython/barrier-test-barrier", "cpython/barrier-test-wait-return",
                           "cpython/barrier-test-abort", "cpython/barrier-test-reset",
                           "cpython/barrier-test-single-thread", "cpython/bounded-semaphore-test-release-unacquired"}) {
    EXPECT_MODEL_PASSES(name);
    EXPECT_MODEL_PASSES(name, {}, {.strategy = "dfs"});
  }
  EXPECT_MODEL_PASSES("cpython/barrier-test-barrier", {{"passes", 2}});
}

TEST(DaemonThread, ABlockedDaemonIsNoDeadlock) {
  EXPECT_MODEL_PASSES("test/daemon-blocked");
  auto r = run_model("test/non-daemon-blocked");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::deadlock);
}

TEST(ThreadJoinTimeout, MaySeeTheEndOrTimeOutAndOrdersWhatItSaw) {
  auto finished = run_model("test/join-timeout-finished-reachable");
  ASSERT_TRUE(finished.failure);
  EXPECT_EQ(finished.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(finished, "main", "t.join(timeout=5) (finished)")) << lockstep::format_failure(finished);
  auto expired = run_model("test/join-timeout-expires-reachable");
  ASSERT_TRUE(expired.failure);
  EXPECT_EQ(expired.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(expired, "main", "t.join(timeout=5) times out (still alive)"))
      << lockstep::format_failure(expired);
  EXPECT_MODEL_FAILS("test/join-self-timeout", FailureKind::model_misuse);
}

TEST(Timer, FiresUnlessCancelledFirst) {
  EXPECT_MODEL_PASSES("test/timer-fires");
  auto r = run_model("test/timer-cancel-wins-reachable");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, FailureKind::assertion);
  EXPECT_TRUE(trace_has(r, "main", "timer.finished.set()")) << lockstep::format_failure(r);
}

TEST(Event, WaitReturnsTrueAndWaitForThePredicatesValue) { EXPECT_MODEL_PASSES("test/event-wait-returns-true"); }
