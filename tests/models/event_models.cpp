// Tiny models whose verdicts prove Event's blocking, wake-up, timeout and happens-before;
// "-reachable" twins fail on purpose to show a scenario really happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// wait() returns once set() ran, and set() orders the setter's store before it.
LOCKSTEP_MODEL("test/event-handoff", "wait returns after set, which orders the data") {
  Event e;
  Shared<int> data{0};
  Thread setter("setter", [&] {
    data.store(7);
    e.set();
  });
  Thread waiter("waiter", [&] {
    e.wait();
    check(data.load() == 7, "the waiter sees the value written before set");
    check(e.is_set(), "nobody clears the flag here");
  });
}

// A waiter blocked in wait() is woken by set() and returns True even when clear() ran
// before it did, as in CPython (set() notifies every waiter; wait returns "notified").
LOCKSTEP_MODEL("test/event-set-clear-wakes-reachable", "a waiter woken by set returns True after a clear",
               expect::assertion) {
  Event e;
  bool cleared = false;
  Thread waiter("waiter", [&] {
    const bool r = e.wait(5);
    check(!(r && cleared), "woken by set, returned True after the flag was cleared");
  });
  Thread setter("setter", [&] {
    e.set();
    e.clear();
    cleared = true;
  });
}

// ... while a thread that only starts waiting after the clear waits forever.
LOCKSTEP_MODEL("test/event-late-waiter", "a waiter arriving after set and clear waits forever", expect::deadlock) {
  Event e;
  e.set();
  e.clear();
  e.wait();
}

LOCKSTEP_MODEL("test/event-timeout", "wait(timeout) without set returns false") {
  Event e;
  check(!e.wait(3), "the timeout fires");
  check(!e.wait(0), "timeout 0 never blocks");
  e.set();
  check(e.wait(0), "a set flag returns at once");
}

// A timed wait may time out at any point while it waits, even when set() comes later.
static void timed_model(bool want_set) {
  Event e;
  bool got = false;
  Thread waiter("waiter", [&] { got = e.wait(5); });
  Thread setter("setter", [&] { e.set(); });
  waiter.join();
  setter.join();
  check(got != want_set, want_set ? "the timed wait saw the set" : "the timed wait timed out");
}
LOCKSTEP_MODEL("test/event-timeout-reachable", "a timed wait times out though set comes", expect::assertion) {
  timed_model(false);
}
LOCKSTEP_MODEL("test/event-set-reachable", "a timed wait sees the set", expect::assertion) { timed_model(true); }
