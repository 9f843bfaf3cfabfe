// One long execution, for the memory and time dpor spends on the length of a single
// execution (issue 18): run it with a large `rounds` and --max-executions 1.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// A waiter that polls with timed waits on a Condition over an existing Lock while a notifier
// signals it: every round is a handful of steps on the same lock and condition.
LOCKSTEP_MODEL("bench/timed-wait-loop", "a waiter's timed waits on a Condition(m) over an existing Lock, a notifier") {
  const int rounds = param("rounds", 2);
  Lock m;
  Condition cv(m);
  Thread waiter("waiter", [&] {
    for (int i = 0; i < rounds; ++i) {
      auto g = m.lock();
      cv.wait(g, 1);
    }
  });
  Thread notifier("notifier", [&] {
    for (int i = 0; i < rounds; ++i) {
      auto g = m.lock();
      cv.notify();
    }
  });
  waiter.join();
  notifier.join();
}
