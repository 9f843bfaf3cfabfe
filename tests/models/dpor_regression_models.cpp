// Shapes dpor once missed (issue 15): a joined thread whose last step is local (a yield or
// a sleep). A join must wait for every step of the thread it joins, local ones included,
// or the join's happens-before misses the thread's last steps and the reversal of a race
// that only shows after the join is never scheduled.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("test/dpor-join-yield-tail", "b may read x before a stores it; a ends with a yield",
               expect::assertion) {
  Atomic<int> x{0};
  Shared<int> r{-1};
  Thread a("a", [&] {
    x.store(1);
    this_thread::yield();
  });
  Thread b("b", [&] { r.store(x.load()); });
  a.join();
  b.join();
  check(r.load() == 1, "b read x before a stored it");
}

LOCKSTEP_MODEL("test/dpor-join-sleep-race", "data is written after the flag is published; a ends with a sleep",
               expect::data_race) {
  Shared<int> data{0};
  Atomic<int> ready{0};
  Thread a("a", [&] {
    ready.store(1);
    data.store(1);
    sleep(1);
  });
  Thread b("b", [&] {
    if (ready.load() == 1) (void)data.load();
  });
  a.join();
  b.join();
}

LOCKSTEP_MODEL("test/dpor-join-try-acquire-tail", "b's try-acquire fails while a holds m; a ends with a sleep",
               expect::assertion) {
  Lock m;
  Shared<int> got{-1};
  Thread a("a", [&] {
    m.acquire();
    m.release();
    sleep(1);
  });
  Thread b("b", [&] {
    const bool ok = m.acquire(false);
    if (ok) m.release();
    got.store(ok ? 1 : 0);
  });
  a.join();
  b.join();
  check(got.load() == 1, "b's acquire(false) failed");
}

// The execution ends when main's join returns, abandoning the daemon a where it stands (as
// Python kills daemon threads at exit): a's load, enabled all along, ran only if scheduled
// before main's last step. dpor, for which that step was independent of a's load, never
// scheduled it there (found by lockstep_difftest with a daemon's timed Barrier.wait).
LOCKSTEP_MODEL("test/dpor-daemon-cut-short", "daemon a sees b's store before main's last step ends the run",
               expect::assertion) {
  Atomic<int> y{0};
  Thread b("b", [&] { y.store(1); });
  Thread a("a", [&] { check(y.load() == 0, "daemon a saw b's store"); }, {.daemon = true});
  b.join();
}

// The other way round: main's last step (its join of b) may come before the daemon a's
// store, abandoning a before it ran. dpor ran a first and took its store for independent of
// that join, so main never ended first.
LOCKSTEP_MODEL("test/dpor-daemon-never-runs", "main may end before daemon a runs", expect::assertion) {
  Atomic<int> x{0};
  Atomic<int> y{0};
  bool ran = false;
  Thread a("a", [&] {
    x.store(1);
    ran = true;
  }, {.daemon = true});
  Thread b("b", [&] { y.store(1); });
  b.join();
  check(ran, "main ended before daemon a ran");
}
