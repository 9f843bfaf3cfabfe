// threading.Timer: cancel() stops a timer only while it still waits. The classic bug
// cancels and then assumes the function did not run, but the timer may have fired just
// before. The fix decides under a lock: whichever of cancel and fire takes it first wins.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("primitives/timer-cancel-too-late", "cancel() after the timer fired: the function ran anyway",
               expect::assertion) {
  Atomic<bool> fired{false};
  Timer timeout("timeout", 5, [&] { fired.store(true); });
  timeout.cancel();  // the request finished in time, so "the timeout will not fire" ...
  timeout.join();
  check(!fired.load(), "a cancelled timer did not fire");
}

LOCKSTEP_MODEL("primitives/timer-cancel-decided", "cancel() and the timer's function decide under one lock") {
  Lock m;
  m.name("m");
  bool cancelled = false;
  bool fired = false;
  Timer timeout("timeout", 5, [&] {
    auto g = m.lock();
    if (!cancelled) fired = true;
  });
  bool cancelled_first = false;
  {
    auto g = m.lock();
    cancelled_first = !fired;
    cancelled = true;
    timeout.cancel();
  }
  timeout.join();
  check(fired != cancelled_first, "either the timer fired or the cancel won, never both, never neither");
}
