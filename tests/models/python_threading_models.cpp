// Tiny models whose verdicts prove the semantics of the Python threading additions (Lock
// timeouts and locked(), Semaphore.release(n), BoundedSemaphore, Barrier, daemon threads,
// join(timeout), is_alive(), Timer, Event.wait's result); "-reachable" twins fail on
// purpose to show a scenario really happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
// A holder takes the lock and lets go of it later; the other thread's acquire(timeout=5)
// either gets it or times out, depending on when it runs.
void lock_timeout_model(bool expect_taken) {
  Lock m;
  m.name("m");
  Thread holder("holder", [&] {
    m.acquire();
    m.release();
  });
  Thread waiter("waiter", [&] {
    const bool got = m.acquire(5);
    if (got) m.release();
    check(got != expect_taken, expect_taken ? "the timed acquire never gets the lock" : "the timed acquire never times out");
  });
}
}  // namespace

LOCKSTEP_MODEL("test/lock-timeout-taken-reachable", "acquire(timeout=5) takes the lock", expect::assertion) {
  lock_timeout_model(true);
}
LOCKSTEP_MODEL("test/lock-timeout-expires-reachable", "acquire(timeout=5) times out", expect::assertion) {
  lock_timeout_model(false);
}

LOCKSTEP_MODEL("test/lock-timeout-values", "acquire(timeout): -1 blocks, 0 tries, locked() follows") {
  Lock m;
  RLock r;
  check(!m.locked(), "a new lock is unlocked");
  check(m.acquire(-1), "timeout=-1 blocks and takes the free lock");
  check(m.locked(), "locked() while held");
  check(!m.acquire(0), "timeout=0 does not wait for a held lock");
  check(!m.acquire(3), "nobody releases: the timeout fires");
  m.release();
  check(!m.locked(), "unlocked after release");
  check(r.acquire(5) && r.acquire(5), "an RLock's owner re-enters with a timeout");
  check(r.locked(), "RLock.locked() while held");
  r.release();
  r.release();
  check(!r.locked(), "RLock unlocked after as many releases");
}

LOCKSTEP_MODEL("test/lock-timeout-negative", "acquire(timeout=-2) raises ValueError", expect::uncaught_exception) {
  Lock m;
  m.acquire(-2);
}
LOCKSTEP_MODEL("test/lock-nonblocking-with-timeout", "acquire(blocking=False, timeout=5) raises ValueError",
               expect::uncaught_exception) {
  Lock m;
  m.acquire(false, 5);
}
LOCKSTEP_MODEL("test/lock-release-unlocked", "release() of an unlocked Lock is CPython's RuntimeError",
               expect::model_misuse) {
  Lock m;
  m.release();
}

// release(2) lets two waiters through at once; the data written before it is ordered.
LOCKSTEP_MODEL("test/sem-release-n", "Semaphore(0).release(2) admits two acquirers") {
  Semaphore s(0);
  Shared<int> data{0};
  Thread a("a", [&] {
    s.acquire();
    check(data.load() == 1, "ordered after the release");
  });
  Thread b("b", [&] {
    s.acquire();
    check(data.load() == 1, "ordered after the release");
  });
  data.store(1);
  s.release(2);
}
LOCKSTEP_MODEL("test/sem-negative", "Semaphore(-1) raises ValueError", expect::uncaught_exception) { Semaphore s(-1); }
LOCKSTEP_MODEL("test/sem-release-zero", "release(0) raises ValueError", expect::uncaught_exception) {
  Semaphore s(0);
  s.release(0);
}
LOCKSTEP_MODEL("test/bounded-sem-over-release", "BoundedSemaphore(1).release() unacquired raises ValueError",
               expect::uncaught_exception) {
  BoundedSemaphore s(1);
  s.release();
}
LOCKSTEP_MODEL("test/bounded-sem-release-n", "BoundedSemaphore(2): release(2) after two acquires, not after one") {
  BoundedSemaphore s(2);
  s.acquire();
  s.acquire();
  s.release(2);
  s.acquire();
  bool raised = false;
  try {
    s.release(2);
  } catch (const ValueError&) {
    raised = true;
  }
  check(raised, "release(2) with one taken exceeds the bound");
  check(s.acquire(false) && !s.acquire(false), "the failed release left the count as it was (0 + 1 free)");
}

// Barrier: a timed wait may break the barrier; then the other party raises too.
namespace {
void barrier_timeout_model(bool reachable) {
  Barrier barrier(2);
  bool a_broken = false;
  bool b_broken = false;
  Thread a("a", [&] {
    try {
      barrier.wait(5);
    } catch (const BrokenBarrierError&) {
      a_broken = true;
    }
  });
  Thread b("b", [&] {
    try {
      barrier.wait();
    } catch (const BrokenBarrierError&) {
      b_broken = true;
    }
  });
  a.join();
  b.join();
  if (reachable) {
    check(!a_broken, "the timed wait never times out");
  } else {
    check(a_broken == b_broken, "both parties pass, or both see the barrier broken");
    check(barrier.broken() == a_broken, "a timeout leaves the barrier broken");
  }
}
}  // namespace
LOCKSTEP_MODEL("test/barrier-timeout", "a timed-out wait breaks the barrier for both parties") {
  barrier_timeout_model(false);
}
LOCKSTEP_MODEL("test/barrier-timeout-reachable", "a timed barrier wait times out", expect::assertion) {
  barrier_timeout_model(true);
}

LOCKSTEP_MODEL("test/barrier-abort-reset", "abort() breaks; reset() with nobody waiting makes it usable again") {
  Barrier barrier(2);
  check(barrier.parties() == 2 && barrier.n_waiting() == 0 && !barrier.broken(), "a fresh barrier");
  barrier.abort();
  check(barrier.broken(), "abort() breaks it");
  bool raised = false;
  try {
    barrier.wait();
  } catch (const BrokenBarrierError&) {
    raised = true;
  }
  check(raised, "wait() on a broken barrier raises at once");
  barrier.reset();
  check(!barrier.broken(), "reset() mends it");
  int sum = 0;
  Thread other("other", [&] { sum += barrier.wait(); });
  sum += barrier.wait();
  other.join();
  check(sum == 1, "the indices are 0 and 1");
}

LOCKSTEP_MODEL("test/barrier-too-few", "Barrier(3) with two parties", expect::deadlock) {
  Barrier barrier(3);
  Thread other("other", [&] { barrier.wait(); });
  barrier.wait();
}

LOCKSTEP_MODEL("test/barrier-uncaught", "an aborted barrier's waiter lets BrokenBarrierError out",
               expect::uncaught_exception) {
  Barrier barrier(2);
  barrier.abort();
  barrier.wait();
}

// Daemon threads: one blocked forever is no deadlock; the same thread not a daemon is.
namespace {
void blocked_thread_model(bool daemon) {
  Event never;
  Thread t("t", [&] { never.wait(); }, {.daemon = daemon});
}
}  // namespace
LOCKSTEP_MODEL("test/daemon-blocked", "a daemon blocked forever does not keep the model from ending") {
  blocked_thread_model(true);
}
LOCKSTEP_MODEL("test/non-daemon-blocked", "the same thread, not a daemon, deadlocks", expect::deadlock) {
  blocked_thread_model(false);
}

// join(timeout) and is_alive(): both outcomes happen; a finished thread's work is ordered.
namespace {
void join_timeout_model(bool reachable_finished) {
  Shared<int> data{0};
  Thread t("t", [&] {
    sleep(1);
    data.store(1);
  });
  const bool done = t.join(5);
  if (done) check(!t.is_alive(), "a thread join(timeout) saw finish is not alive");
  if (done) check(data.load() == 1, "join(timeout) that saw the end orders the thread's work");
  check(!(reachable_finished ? done : !done), reachable_finished ? "join(timeout) never sees the end"
                                                                 : "join(timeout) never times out");
}
}  // namespace
LOCKSTEP_MODEL("test/join-timeout-finished-reachable", "join(timeout) sees the thread finish", expect::assertion) {
  join_timeout_model(true);
}
LOCKSTEP_MODEL("test/join-timeout-expires-reachable", "join(timeout) times out", expect::assertion) {
  join_timeout_model(false);
}
LOCKSTEP_MODEL("test/join-self-timeout", "join(timeout) of the current thread is CPython's RuntimeError",
               expect::model_misuse) {
  Thread* self = nullptr;
  Thread t("t", [&] {
    sleep(1);
    self->join(5);
  });
  self = &t;
}

// Timer: fires unless cancelled first; its function runs in the timer's thread.
LOCKSTEP_MODEL("test/timer-fires", "a Timer nobody cancels runs its function once") {
  int fired = 0;
  Timer t("timer", 5, [&] { ++fired; });
  t.join();
  check(fired == 1, "the function ran once");
}
LOCKSTEP_MODEL("test/timer-cancel-wins-reachable", "cancel() before the timer fires stops it", expect::assertion) {
  int fired = 0;
  Timer t("timer", 5, [&] { ++fired; });
  t.cancel();
  t.join();
  check(fired == 1, "the cancelled timer fired anyway");
}

// Event.wait() returns True; wait_for returns the predicate's value.
LOCKSTEP_MODEL("test/event-wait-returns-true", "Event.wait() returns True, wait_for the predicate's value") {
  Event e;
  Thread setter("setter", [&] { e.set(); });
  check(e.wait(), "wait() returns True");
  Condition cv;
  int n = 0;
  Thread producer("producer", [&] {
    auto g = cv.lock();
    n = 3;
    cv.notify();
  });
  auto g = cv.lock();
  const int got = cv.wait_for(g, [&] { return n; });
  check(got == 3, "wait_for returns what the predicate returned");
}

// Barrier(parties, action): the action, even with steps of its own, finishes before any
// party leaves, and a reset() that comes while it runs waits for it (it then finds the
// barrier draining and leaves it so): nobody sees the barrier broken.
LOCKSTEP_MODEL("test/barrier-action-first", "the barrier's action runs before any party is released") {
  Atomic<int> done{0};
  Barrier barrier(2, [&] {
    done.store(1);
    done.store(2);
  });
  auto party = [&] {
    barrier.wait();
    check(done.load() == 2, "the action finished before the barrier released this party");
  };
  Thread other("other", party);
  Thread resetter("resetter", [&] {
    while (done.load() == 0) this_thread::yield();
    barrier.reset();
  });
  party();
}

// What the action writes is published to every party (CPython's notify_all and lock release
// after it): a plain Shared written there and read after wait() is no data race.
LOCKSTEP_MODEL("test/barrier-action-publishes", "the action's writes happen before every party returns") {
  Shared<int> data{0};
  Barrier barrier(2, [&] { data.store(1); });
  auto party = [&] {
    barrier.wait();
    check(data.load() == 1, "the action's write is seen");
  };
  Thread other("other", party);
  party();
}
