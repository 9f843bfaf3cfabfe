// Tiny models whose verdicts prove one behaviour each of Condition, Lock and RLock.
// "...-reachable" twins fail on purpose to show the scenario the passing model guards
// against really happens in some schedule (so the pass is not vacuous).
#include <algorithm>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {

// notify() wakes the waiter that queued first among those still queued (a waiter that
// timed out stays queued until it re-acquires the lock, which the notifier holds).
void fifo_model(bool expect_reachable) {
  Condition cv;
  std::vector<int> queued;  // waiters that have not returned from wait, in queue order
  std::vector<int> got;
  int first = 0;            // the first queued waiter when notify ran
  bool both_queued = false;
  auto waiter = [&](int id) {
    auto g = cv.lock();
    queued.push_back(id);
    if (cv.wait(g, 5)) got.push_back(id);
    queued.erase(std::find(queued.begin(), queued.end(), id));
  };
  Thread a("a", [&] { waiter(1); });
  Thread b("b", [&] { waiter(2); });
  Thread n("notifier", [&] {
    auto g = cv.lock();
    first = queued.empty() ? 0 : queued.front();
    both_queued = queued.size() == 2;
    cv.notify();
  });
  at_end([&] {
    if (expect_reachable) {
      check(!(both_queued && got.size() == 1 && got[0] == first), "a notify reached the first of two queued waiters");
    } else {
      check(got.empty() || (got.size() == 1 && got[0] == first), "only the first queued waiter is woken");
    }
  });
}

// wait(timeout=0) never blocks but still queues a waiter until it re-acquires the lock: a
// notify in that window is absorbed by it and lost for the waiter behind it.
void absorb_model(bool expect_reachable) {
  Condition cv;
  std::vector<int> order;
  bool t1_returned = false;
  bool r1 = false;
  bool got3 = false;
  bool absorbed_window = false;
  Thread t1("t1", [&] {
    auto g = cv.lock();
    order.push_back(1);
    r1 = cv.wait(g, 0);
    t1_returned = true;
  });
  Thread t3("t3", [&] {
    auto g = cv.lock();
    order.push_back(3);
    got3 = cv.wait(g, 5);
  });
  Thread t2("t2", [&] {
    auto g = cv.lock();
    absorbed_window = order.size() == 2 && order[0] == 1 && !t1_returned;
    cv.notify();
  });
  at_end([&] {
    if (expect_reachable) {
      check(!absorbed_window, "t2 notified while t1's timeout-0 waiter was still queued first");
    } else {
      check(!r1, "wait(timeout=0) returns False");
      check(!(absorbed_window && got3), "the notify was absorbed by t1, so t3 was not woken");
    }
  });
}

// Two waiters wait without timeout; the notifier waits (on a second condition sharing the
// lock) until both are queued, then wakes `n` of them (n < 0: notify_all).
void notify_n_model() {
  const int n = param("n", 2);
  Lock m;
  Condition cv(m);
  Condition ready(m);
  int queued = 0;
  auto waiter = [&] {
    auto g = m.lock();
    ++queued;
    ready.notify();
    cv.wait(g);
  };
  Thread a("a", waiter);
  Thread b("b", waiter);
  Thread notifier("notifier", [&] {
    auto g = m.lock();
    ready.wait_for(g, [&] { return queued == 2; });
    if (n < 0) {
      cv.notify_all();
    } else {
      cv.notify(n);
    }
  });
}

}  // namespace

LOCKSTEP_MODEL("test/cond-fifo", "notify() wakes the first queued waiter") { fifo_model(false); }
LOCKSTEP_MODEL("test/cond-fifo-reachable", "both waiters queued when notify() runs", expect::assertion) {
  fifo_model(true);
}
LOCKSTEP_MODEL("test/cond-timeout0-absorbs", "a notify between a timeout-0 wait and its re-acquire is absorbed") {
  absorb_model(false);
}
LOCKSTEP_MODEL("test/cond-timeout0-absorbs-reachable", "the absorbing window is reachable", expect::assertion) {
  absorb_model(true);
}
LOCKSTEP_MODEL("test/cond-notify-n", "notify(n) wakes n of two waiters; n=-1 is notify_all") { notify_n_model(); }

LOCKSTEP_MODEL("test/cond-wait-released-guard", "wait with a guard that no longer holds the lock", expect::model_misuse) {
  Condition cv;
  auto g = cv.lock();
  g.release();
  cv.wait(g);
}

LOCKSTEP_MODEL("test/cond-notify-unlocked", "notify without holding the lock", expect::model_misuse) {
  Condition cv;
  cv.notify();
}

LOCKSTEP_MODEL("test/cond-wait-unowned-rlock", "wait while another thread holds the RLock", expect::model_misuse) {
  Condition cv;
  std::optional<Guard> held;
  Thread owner("owner", [&] { held.emplace(cv.lock()); });
  owner.join();
  cv.wait(*held);  // main waits on a guard acquired by `owner`: CPython raises RuntimeError
}

LOCKSTEP_MODEL("test/cond-timed-wait", "a timed wait with no notifier times out instead of deadlocking") {
  Condition cv;
  Thread t("t", [&] {
    auto g = cv.lock();
    check(!cv.wait(g, 5), "nobody notifies, so the wait times out");
  });
}

LOCKSTEP_MODEL("test/cond-wait-forever", "an untimed wait with no notifier deadlocks", expect::deadlock) {
  Condition cv;
  Thread t("t", [&] {
    auto g = cv.lock();
    cv.wait(g);
  });
}

LOCKSTEP_MODEL("test/cond-wait-for-timeout", "wait_for with a timeout returns the predicate after timing out") {
  Condition cv;
  bool flag = false;
  bool result = true;
  Thread t("t", [&] {
    auto g = cv.lock();
    result = cv.wait_for(g, [&] { return flag; }, 3);
    check(result == flag, "wait_for returns the predicate's last value");
  });
  Thread s("setter", [&] {
    auto g = cv.lock();
    flag = true;
    cv.notify();
  });
}

LOCKSTEP_MODEL("test/rlock-wait-releases-fully", "wait releases every level of the RLock and restores them") {
  Condition cv;
  bool flag = false;
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    cv.acquire();  // second level
    cv.wait_for(g, [&] { return flag; });
    cv.release();  // still holds one level after the wait, released by the guard
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    flag = true;
    cv.notify();
  });
}

LOCKSTEP_MODEL("test/lock-twice", "a plain Lock acquired twice by its holder deadlocks", expect::deadlock) {
  Lock m;
  m.acquire();
  m.acquire();
}

LOCKSTEP_MODEL("test/rlock-twice", "an RLock acquired twice by its holder is re-entered") {
  RLock m;
  m.acquire();
  m.acquire();
  m.release();
  m.release();
}

LOCKSTEP_MODEL("test/lock-release-by-other", "a plain Lock may be released by another thread") {
  Lock m;
  m.acquire();
  Thread t("t", [&] { m.release(); });
  t.join();
  check(m.acquire(false), "the lock is free again");
}

LOCKSTEP_MODEL("test/rlock-release-by-other", "an RLock released by a non-owner", expect::model_misuse) {
  RLock m;
  m.acquire();
  Thread t("t", [&] { m.release(); });
}

LOCKSTEP_MODEL("test/release-unlocked", "releasing an unlocked Lock", expect::model_misuse) {
  Lock m;
  m.release();
}
