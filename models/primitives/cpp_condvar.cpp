// std::condition_variable's classic bug: `if (!ready) cv.wait(lock);` instead of a loop. A
// spurious wakeup (always possible for a std::condition_variable) lets the consumer on
// before the producer set the flag. The producer first prepares the value (a sleep stands
// for that work): a spurious wake-up counts as a yield, so the consumer goes on only after
// the producer has moved, and with the lock as the producer's first step it would find
// the flag set.
#include <lockstep/condvar.hpp>
#include <lockstep/lockstep.hpp>

using namespace lockstep;

static void handoff_model(bool loop) {
  Lock m{"m"};
  CondVar cv{"cv"};
  Shared<bool> ready{"ready", false};
  Shared<int> data{"data", 0};
  Thread producer("producer", [&] {
    sleep(1);  // preparing the value
    {
      auto g = m.lock();
      data.store(42);
      ready.store(true);
    }
    cv.notify_one();  // legal without the lock
  });
  Thread consumer("consumer", [&] {
    auto g = m.lock();
    if (loop) {
      cv.wait(g, [&] { return ready.load(); });
    } else if (!ready.load()) {
      cv.wait(g);
    }
    check(ready.load() && data.load() == 42, "the consumer sees the produced value");
  });
}

LOCKSTEP_MODEL("primitives/cpp-condvar-no-loop", "a wait without a predicate loop, broken by a spurious wakeup",
               expect::assertion) {
  handoff_model(false);
}

LOCKSTEP_MODEL("primitives/cpp-condvar-fixed", "wait(lock, predicate): the standard's loop") { handoff_model(true); }

// The other classic: the flag is an atomic set WITHOUT the mutex. The consumer can check it
// (false), the producer set it and notify nobody, and the consumer then wait for a notify that
// already came: a lost wake-up, a hang. A spurious wake-up could end that wait, but nothing
// promises one, so a state where only spurious wake-ups are left is a deadlock. The fix: set
// the flag while holding the mutex (or notify under it after taking it once).
static void lost_wakeup_model(bool under_lock) {
  Lock m{"m"};
  CondVar cv{"cv"};
  Atomic<bool> ready{"ready", false};
  Thread producer("producer", [&] {
    if (under_lock) {
      auto g = m.lock();
      ready.store(true);
    } else {
      ready.store(true);  // the bug: not under m
    }
    cv.notify_one();
  });
  Thread consumer("consumer", [&] {
    auto g = m.lock();
    cv.wait(g, [&] { return ready.load(); });
  });
}

LOCKSTEP_MODEL("primitives/cpp-condvar-lost-wakeup", "the flag set without the mutex: the notify can come before the wait",
               expect::deadlock) {
  lost_wakeup_model(false);
}

LOCKSTEP_MODEL("primitives/cpp-condvar-lost-wakeup-fixed", "the flag set under the mutex the waiter checks it under") {
  lost_wakeup_model(true);
}
