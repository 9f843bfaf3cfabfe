// Tiny models whose verdicts prove the semantics of the C++ primitives (SharedMutex, Latch,
// CondVar, the atomic operations) and of assume/atomically; "-reachable" twins fail on
// purpose to show a scenario really happens.
#include <lockstep/condvar.hpp>
#include <lockstep/latch.hpp>
#include <lockstep/lockstep.hpp>
#include <lockstep/shared_mutex.hpp>

#include <stdexcept>

using namespace lockstep;

// ---- SharedMutex ----
static void readers_model(bool reachable) {
  SharedMutex rw{"rw"};
  Atomic<int> inside{"inside", 0};
  Atomic<int> most{"most", 0};
  auto reader = [&] {
    rw.lock_shared();
    const int now = inside.fetch_add(1) + 1;
    if (now > most.load()) most.store(now);
    inside.fetch_sub(1);
    rw.unlock_shared();
  };
  Thread a("a", reader);
  Thread b("b", reader);
  Thread w("w", [&] {
    rw.lock();
    check(inside.load() == 0, "no reader inside while the writer owns it");
    rw.unlock();
  });
  a.join();
  b.join();
  w.join();
  if (reachable) check(most.load() < 2, "two readers are inside at once");
}
LOCKSTEP_MODEL("test/rw-readers-exclude-writer", "readers share, a writer excludes them") { readers_model(false); }
LOCKSTEP_MODEL("test/rw-readers-overlap-reachable", "two readers inside at once happens", expect::assertion) {
  readers_model(true);
}
LOCKSTEP_MODEL("test/rw-upgrade-misuse", "lock() while owning it shared", expect::model_misuse) {
  SharedMutex rw{"rw"};
  rw.lock_shared();
  rw.lock();
}
LOCKSTEP_MODEL("test/rw-unlock-unowned", "unlock_shared() of a mutex not owned shared", expect::model_misuse) {
  SharedMutex rw{"rw"};
  rw.lock();
  rw.unlock_shared();
}
// unlock_shared orders a reader before the next writer, not before another reader: a
// reader that writes (a bug) races with a later reader.
LOCKSTEP_MODEL("test/rw-readers-not-ordered", "readers' unlock_shared does not order later readers",
               expect::data_race) {
  SharedMutex rw{"rw"};
  Shared<int> x{"x", 0};
  Thread a("a", [&] {
    rw.lock_shared();
    x.store(1);
    rw.unlock_shared();
  });
  Thread b("b", [&] {
    rw.lock_shared();
    x.load();
    rw.unlock_shared();
  });
}
LOCKSTEP_MODEL("test/rw-try", "try_lock fails while a reader owns it, try_lock_shared succeeds") {
  SharedMutex rw{"rw"};
  rw.lock_shared();
  bool exclusive = true;
  bool shared = false;
  Thread t("t", [&] {
    exclusive = rw.try_lock();
    shared = rw.try_lock_shared();
    if (shared) rw.unlock_shared();
  });
  t.join();
  rw.unlock_shared();
  check(!exclusive && shared, "try_lock false, try_lock_shared true");
}

// ---- Latch ----
LOCKSTEP_MODEL("test/latch-count-down-too-far", "count_down(n) past zero", expect::model_misuse) {
  Latch l{"l", 1};
  l.count_down(2);
}
LOCKSTEP_MODEL("test/latch-try-wait", "try_wait is false until the counter reaches zero") {
  Latch l{"l", 2};
  check(!l.try_wait(), "counter 2");
  l.count_down();
  Thread t("t", [&] { l.count_down(); });
  t.join();
  check(l.try_wait(), "counter 0");
  l.wait();
}

// ---- CondVar ----
// Nobody notifies: the wait still returns, spuriously, while another thread could run.
LOCKSTEP_MODEL("test/condvar-spurious-reachable", "a CondVar wait wakes without a notify", expect::assertion) {
  Lock m{"m"};
  CondVar cv{"cv"};
  Thread other("other", [] { sleep(1); });
  auto g = m.lock();
  cv.wait(g);
  check(false, "woke up spuriously");
}
// ... but nothing promises a spurious wake-up: with nobody left to run, the wait hangs.
LOCKSTEP_MODEL("test/condvar-alone-deadlocks", "an unnotified CondVar wait with nobody else to run",
               expect::deadlock) {
  Lock m{"m"};
  CondVar cv{"cv"};
  auto g = m.lock();
  cv.wait(g);
}
static void wait_for_model(cv_status wanted) {
  Lock m{"m"};
  CondVar cv{"cv"};
  auto g = m.lock();
  check(cv.wait_for(g, 5) != wanted, "the other status");
}
LOCKSTEP_MODEL("test/condvar-timeout-reachable", "wait_for returns timeout", expect::assertion) {
  wait_for_model(cv_status::timeout);
}
LOCKSTEP_MODEL("test/condvar-no-timeout-reachable", "wait_for returns no_timeout with no notify (spurious)",
               expect::assertion) {
  wait_for_model(cv_status::no_timeout);
}
LOCKSTEP_MODEL("test/condvar-wait-unlocked", "wait with a guard released", expect::model_misuse) {
  Lock m{"m"};
  CondVar cv{"cv"};
  auto g = m.lock();
  g.release();
  cv.wait(g);
}
// notify_all without the lock; spurious wake-ups in the predicate loop end (they count as
// yields), so exhaustive search terminates and passes.
LOCKSTEP_MODEL("test/condvar-notify-wakes", "wait(lock, pred) returns once notified") {
  Lock m{"m"};
  CondVar cv{"cv"};
  Shared<bool> ready{"ready", false};
  Thread waiter("waiter", [&] {
    auto g = m.lock();
    cv.wait(g, [&] { return ready.load(); });
  });
  {
    auto g = m.lock();
    ready.store(true);
  }
  cv.notify_all();
  waiter.join();
}

// ---- Atomic ----
LOCKSTEP_MODEL("test/atomic-ops", "fetch_sub/and/or/xor and the operators compute as std::atomic") {
  Atomic<int> a{"a", 12};
  check(a.fetch_sub(2) == 12 && a.load() == 10, "fetch_sub");
  check(a.fetch_and(6) == 10 && a == 2, "fetch_and");
  check(a.fetch_or(5) == 2 && a == 7, "fetch_or");
  check(a.fetch_xor(1) == 7 && a == 6, "fetch_xor");
  check(++a == 7 && a++ == 7 && --a == 7 && a-- == 7 && a == 6, "++ and --");
  check((a += 4) == 10 && (a -= 3) == 7 && (a &= 3) == 3 && (a |= 8) == 11 && (a ^= 1) == 10, "compound");
  a = 5;
  check(a.load() == 5, "assignment stores");
  Atomic<bool> flag{"flag"};
  int expected_int = 1;
  check(!a.compare_exchange(expected_int, 2) && expected_int == 5, "a failed exchange reports the value");
  bool expected = false;
  check(flag.compare_exchange(expected, true) && flag.load(), "exchanged");
}
// The trace shows expected, desired, the outcome and the value found.
LOCKSTEP_MODEL("test/atomic-cas-trace", "a failed compare_exchange in the trace", expect::assertion) {
  Atomic<int> a{"a", 3};
  int expected = 1;
  a.compare_exchange(expected, 2);
  Atomic<bool> flag{"flag", false};
  flag.store(true);
  check(false, "show the trace");
}

// ---- assume and atomically ----
LOCKSTEP_MODEL("test/assume-prunes", "assume(x != 1) prunes one of three values") {
  const int x = choose(3);
  assume(x != 1);
  check(x != 1, "only the other values go on");
}
static void atomic_counter_model(bool atomic) {
  Atomic<int> counter{"counter", 0};
  auto add = [&] {
    if (atomic) {
      atomically([&] { counter.store(counter.load() + 1); });
    } else {
      counter.store(counter.load() + 1);
    }
  };
  Thread a("a", add);
  Thread b("b", add);
  a.join();
  b.join();
  check(counter.load() == 2, "no increment is lost");
}
LOCKSTEP_MODEL("test/atomically-no-lost-update", "load + store inside atomically") { atomic_counter_model(true); }
LOCKSTEP_MODEL("test/atomically-lost-update-reachable", "the same without atomically", expect::assertion) {
  atomic_counter_model(false);
}
// A step that blocks inside the block lets the others run (Promela's rule).
LOCKSTEP_MODEL("test/atomically-blocking", "a blocked atomically block lets others in") {
  Semaphore s{"s", 0};
  Atomic<int> x{"x", 0};
  Thread t("t", [&] {
    atomically([&] {
      s.acquire();
      x.store(1);
    });
  });
  x.store(2);
  s.release();
  t.join();
  check(x.load() == 1, "the block finished after main's store");
}

// ---- uncaught exceptions: reported at the throw ----
static void refuse(int value) {
  if (value > 0) throw std::out_of_range("value out of range");  // THROW-SITE
}
LOCKSTEP_MODEL("test/throw-site", "an exception thrown after the thread's last step", expect::uncaught_exception) {
  Atomic<int> a{"a", 1};
  Thread t("t", [&] {
    const int v = a.load();
    try {
      refuse(v);
    } catch (const std::out_of_range&) {
      throw;  // a rethrow keeps the original site
    }
  });
}

// ---- names given in constructors ----
LOCKSTEP_MODEL("test/names-in-constructors", "every primitive named where it is made", expect::assertion) {
  Lock m{"m"};
  Condition cv{m, "cv"};
  RLock r{"r"};
  Queue<int> q{"q"};
  Semaphore s{"s", 1};
  Event e{"e"};
  Shared<bool> flag{"flag"};
  {
    auto g = cv.lock();  // a Condition over m takes m, by m's own name
    cv.notify();
  }
  r.acquire();
  r.release();
  q.put(1);
  s.acquire();
  e.set();
  flag.store(true);
  check(false, "show the trace");
}
