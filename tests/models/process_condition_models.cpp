// Tiny models whose verdicts prove ProcessCondition's CPython behaviour: notify(n) wakes any
// n sleepers, notify_all wakes all, the notifier waits for acknowledgements, and a sleeper
// that timed out but has not counted itself woken yet swallows a wake-up.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// a sleeps first, then b; notify(1) may wake b (threading.Condition would wake a). The
// first one woken sets `done`, after which the notifier wakes the other one.
static void any_sleeper_model(bool reachable) {
  ProcessCondition cv;
  Event a_asleep;
  Event b_asleep;
  Event first_back;
  std::vector<int> order;
  auto sleeper = [&](int id, Event& asleep) {
    auto g = cv.lock();
    asleep.set();  // set while holding the lock: the notifier gets it only once we sleep
    cv.wait(g);
    order.push_back(id);
    first_back.set();
  };
  Thread a("a", [&] { sleeper(1, a_asleep); });
  Thread b("b", [&] {
    a_asleep.wait();
    sleeper(2, b_asleep);
  });
  Thread n("notifier", [&] {
    b_asleep.wait();
    {
      auto g = cv.lock();
      cv.notify();
    }
    first_back.wait();
    auto g = cv.lock();
    cv.notify();
  });
  a.join();
  b.join();
  n.join();
  check(order.size() == 2, "both sleepers woke");
  if (reachable) check(order[0] == 1, "the first sleeper is woken first");
}
LOCKSTEP_MODEL("test/pcond-notify-each", "two notify(1) wake two sleepers") { any_sleeper_model(false); }
LOCKSTEP_MODEL("test/pcond-any-sleeper-reachable", "notify(1) wakes the sleeper that slept second",
               expect::assertion) {
  any_sleeper_model(true);
}

// notify(n) with two sleepers: n = 1 leaves one asleep forever; 2 or notify_all (n = -1)
// wakes both.
LOCKSTEP_MODEL("test/pcond-notify-n", "notify(n) wakes n of two sleepers") {
  const int n = param("n", 2);
  ProcessCondition cv;
  Semaphore asleep(0);
  auto sleeper = [&] {
    auto g = cv.lock();
    asleep.release();  // while holding the lock: the notifier gets it only once we sleep
    cv.wait(g);
  };
  Thread a("a", sleeper);
  Thread b("b", sleeper);
  Thread notifier("notifier", [&] {
    asleep.acquire();
    asleep.acquire();
    auto g = cv.lock();
    if (n < 0) {
      cv.notify_all();
    } else {
      cv.notify(n);
    }
  });
}

// A sleeper that timed out but has not yet counted itself woken still counts as asleep for
// notify(); its acknowledgement then satisfies the notifier, which rezeroes the wake-up the
// other sleeper did not take in time: b sleeps forever (CPython behaves the same).
LOCKSTEP_MODEL("test/pcond-timeout-swallows-reachable", "a timed-out sleeper's late acknowledgement loses a wake-up",
               expect::deadlock) {
  ProcessCondition cv;
  Event b_asleep;
  Thread a("a", [&] {
    auto g = cv.lock();
    cv.wait(g, 5);
  });
  Thread b("b", [&] {
    auto g = cv.lock();
    b_asleep.set();
    cv.wait(g);
  });
  Thread n("notifier", [&] {
    b_asleep.wait();
    auto g = cv.lock();
    cv.notify();
  });
}

// Once the timed-out sleeper has returned from wait, notify() discounts it first and b is
// woken in every schedule.
LOCKSTEP_MODEL("test/pcond-timeout-discounted", "a sleeper that timed out earlier is discounted by notify") {
  ProcessCondition cv;
  Event a_done;
  Event b_asleep;
  Thread a("a", [&] {
    {
      auto g = cv.lock();
      check(!cv.wait(g, 5), "nobody notifies before a is done");
    }
    a_done.set();
  });
  Thread b("b", [&] {
    auto g = cv.lock();
    b_asleep.set();
    cv.wait(g);
  });
  Thread n("notifier", [&] {
    a_done.wait();
    b_asleep.wait();
    auto g = cv.lock();
    cv.notify();
  });
}

LOCKSTEP_MODEL("test/pcond-wait-unlocked", "wait without holding the lock", expect::model_misuse) {
  ProcessCondition cv;
  auto g = cv.lock();
  g.release();
  cv.wait(g);
}
