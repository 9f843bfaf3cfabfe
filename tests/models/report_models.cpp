// Models for the report tests: lost wakeups the deadlock diagnosis must explain, a model
// that is not deterministic (replay must say so), and choose() values in a token.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// The only notify comes before the wait: it woke nobody.
LOCKSTEP_MODEL("test/report/notify-before-wait", "a notify that reaches nobody, then a wait forever",
               expect::deadlock) {
  Condition cv;
  cv.name("cv");
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    cv.wait(g);
  });
  Thread notifier("notifier", [&] {
    auto g = cv.lock();
    cv.notify();
  });
}

// c1's wait(timeout=0) returns at once but stays queued until it re-acquires the lock. If
// c2 waits in that window, the producer's notify (which waits for c2 to be queued) goes to
// c1, the first waiter, and is absorbed: c2 waits forever. That is the only deadlock.
LOCKSTEP_MODEL("test/report/absorbed-notify", "a notify absorbed by a timed-out waiter", expect::deadlock) {
  Condition cv;
  cv.name("cv");
  Event c2_queued;
  Shared<bool> c1_in_window{false};
  Thread c1("c1", [&] {
    auto g = cv.lock();
    c1_in_window.store(true);
    cv.wait(g, 0);
    c1_in_window.store(false);
  });
  Thread c2("c2", [&] {
    auto g = cv.lock();
    const bool wait = c1_in_window.load();
    c2_queued.set();
    if (wait) cv.wait(g);
  });
  Thread producer("producer", [&] {
    c2_queued.wait();
    auto g = cv.lock();
    cv.notify();
  });
}

// A wait on a condition nobody ever notifies.
LOCKSTEP_MODEL("test/report/never-notified", "a wait on a condition that is never notified", expect::deadlock) {
  Condition cv;
  cv.name("cv");
  auto g = cv.lock();
  Thread waiter("waiter", [&] {
    auto g2 = cv.lock();
    cv.wait(g2);
  });
  cv.wait(g);
}

// Behaves differently on every execution: the first run takes one branch, later ones the other.
LOCKSTEP_MODEL("test/report/nondeterministic", "a model whose behaviour depends on a global counter",
               expect::assertion) {
  static int runs = 0;
  const bool first = runs++ % 2 == 0;
  Lock m;
  Thread t("t", [&] {
    if (first) {
      auto g = m.lock();
    }
  });
  t.join();
  check(false, "always fails");
}

// choose() values are part of a token.
LOCKSTEP_MODEL("test/report/choose", "fails for one choose() value only", expect::assertion) {
  const int a = choose(3);
  Lock m;
  int b = 0;
  Thread t("t", [&] {
    auto g = m.lock();
    b = choose(4);
  });
  t.join();
  check(!(a == 2 && b == 3), "a=2, b=3 is the bad pair");
}
