// Tiny models whose verdicts prove Semaphore's blocking, wake-up, timeout and
// happens-before; "-reachable" twins fail on purpose to show a scenario really happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// acquire() on a zero count waits for release(); the release orders the writer's store
// before the reader's load (no data race), so the reader always sees it.
LOCKSTEP_MODEL("test/sem-handoff", "acquire waits for release, which orders the data") {
  Semaphore s(0);
  Shared<int> data{0};
  Thread writer("writer", [&] {
    data.store(7);
    s.release();
  });
  Thread reader("reader", [&] {
    s.acquire();
    check(data.load() == 7, "the reader sees the value written before release");
  });
}

// Semaphore(n) admits n threads at once and no more.
static void admit_model(int permits, bool reachable) {
  Semaphore s(permits);
  Atomic<int> inside{0};
  int most = 0;
  auto worker = [&] {
    s.acquire();
    const int now = inside.fetch_add(1) + 1;
    most = now > most ? now : most;
    inside.fetch_add(-1);
    s.release();
  };
  Thread a("a", worker);
  Thread b("b", worker);
  Thread c("c", worker);
  a.join();
  b.join();
  c.join();
  if (reachable) {
    check(most < permits, "as many threads inside as permits");
  } else {
    check(most <= permits, "never more threads inside than permits");
  }
}
LOCKSTEP_MODEL("test/sem-admits-n", "Semaphore(2): at most two of three threads inside") { admit_model(2, false); }
LOCKSTEP_MODEL("test/sem-admits-n-reachable", "Semaphore(2): two threads inside at once happens",
               expect::assertion) {
  admit_model(2, true);
}

LOCKSTEP_MODEL("test/sem-never-released", "acquire on a zero count that nobody releases", expect::deadlock) {
  Semaphore s(0);
  s.acquire();
}

// acquire(timeout) returns false instead of blocking forever ...
LOCKSTEP_MODEL("test/sem-timeout", "acquire(timeout) on a zero count returns false") {
  Semaphore s(0);
  check(!s.acquire(5), "nothing to take: the timeout fires");
  check(!s.acquire(0), "timeout 0 never blocks");
}

// ... and may time out at any point while it waits, even when a release comes later.
static void timed_model(bool want_success) {
  Semaphore s(0);
  bool got = false;
  Thread waiter("waiter", [&] { got = s.acquire(5); });
  Thread releaser("releaser", [&] { s.release(); });
  waiter.join();
  releaser.join();
  check(got != want_success, want_success ? "the timed acquire succeeded" : "the timed acquire timed out");
}
LOCKSTEP_MODEL("test/sem-timeout-reachable", "a timed acquire times out though a release comes", expect::assertion) {
  timed_model(false);
}
LOCKSTEP_MODEL("test/sem-success-reachable", "a timed acquire takes a released count", expect::assertion) {
  timed_model(true);
}
