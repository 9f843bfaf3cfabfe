// Lock.acquire(timeout=N): the classic misuse ignores its result. A worker whose acquire
// timed out goes on into the critical section without the lock, so its update races with
// the holder's, and its release() frees the lock the other thread holds.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("primitives/lock-timeout-ignored",
               "lock.acquire(timeout=5) whose False result is ignored: the update races", expect::data_race) {
  Lock m;
  m.name("m");
  Shared<int> counter{0};
  counter.name("counter");
  auto worker = [&] {
    m.acquire(5);  // the bug: `if not lock.acquire(timeout=5): ...` is missing
    counter.store(counter.load() + 1);
    m.release();
  };
  Thread a("a", worker);
  Thread b("b", worker);
}

// Fixed: only the worker that got the lock updates and releases; one that timed out
// counts itself as skipped. Every update is made under the lock and none is lost.
LOCKSTEP_MODEL("primitives/lock-timeout-checked", "lock.acquire(timeout=5) checked: updates or skips, never both") {
  Lock m;
  m.name("m");
  Shared<int> counter{0};
  counter.name("counter");
  Atomic<int> skipped{0};
  auto worker = [&] {
    if (m.acquire(5)) {
      counter.store(counter.load() + 1);
      m.release();
    } else {
      skipped.fetch_add(1);
    }
  };
  Thread a("a", worker);
  Thread b("b", worker);
  a.join();
  b.join();
  check(!m.locked(), "the lock is free at the end");
  check(counter.load() + skipped.load() == 2, "each worker updated or skipped, exactly once");
}
