// Polling models for the fair scheduler: every kind of step that makes no progress (a sleep,
// a poll that finds nothing, a timeout, a spurious wake-up) is a yield, so correct polling
// loops terminate under exhaustive search and threads that can only poll are a livelock.
#include <lockstep/event.hpp>
#include <lockstep/lockstep.hpp>
#include <lockstep/process_condition.hpp>
#include <lockstep/process_queue.hpp>
#include <lockstep/semaphore.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("fair/poll-sleep", "while (!flag.load()) sleep(1), until another thread sets the flag") {
  Atomic<bool> flag{false};
  Shared<int> data{0};
  Thread poller("poller", [&] {
    while (!flag.load()) sleep(1);
    check(data.load() == 1, "the data was published before the flag");
  });
  Thread setter("setter", [&] {
    data.store(1);
    flag.store(true);
  });
}

LOCKSTEP_MODEL("fair/poll-wait-timeout", "while (!ready) cv.wait(g, 1), until another thread sets ready and notifies") {
  Condition cv;
  Shared<bool> ready{false};
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    while (!ready.load()) cv.wait(g, 1);
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    ready.store(true);
    cv.notify();
  });
}

// timeout 0 releases the lock in the step that polls: the yield must count the setter, which
// was blocked on that lock when the poll began.
LOCKSTEP_MODEL("fair/poll-wait-zero", "while (!ready) cv.wait(g, 0): a poll that releases the lock the setter wants") {
  Condition cv;
  Shared<bool> ready{false};
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    while (!ready.load()) cv.wait(g, 0);
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    ready.store(true);
  });
}

LOCKSTEP_MODEL("fair/poll-process-wait", "while (!ready) pcv.wait(g, 1) on a multiprocessing.Condition") {
  ProcessCondition cv;
  Shared<bool> ready{false};
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    while (!ready.load()) cv.wait(g, 1);
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    ready.store(true);
    cv.notify();
  });
}

LOCKSTEP_MODEL("fair/poll-event", "while (!ev.wait(1)) {}, until another thread sets the event") {
  Event ev;
  Thread waiter("waiter", [&] {
    while (!ev.wait(1)) {
    }
  });
  Thread setter("setter", [&] { ev.set(); });
}

LOCKSTEP_MODEL("fair/poll-event-zero", "while (!ev.wait(0)) {}: an event polled without blocking") {
  Event ev;
  Thread waiter("waiter", [&] {
    while (!ev.wait(0)) {
    }
  });
  Thread setter("setter", [&] { ev.set(); });
}

LOCKSTEP_MODEL("fair/poll-semaphore", "while (!sem.acquire(1)) {}, until another thread releases") {
  Semaphore sem(0);
  Thread taker("taker", [&] {
    while (!sem.acquire(1)) {
    }
  });
  Thread giver("giver", [&] { sem.release(); });
}

LOCKSTEP_MODEL("fair/poll-queue", "for (;;) if (q.get(1)) break, until another thread puts") {
  Queue<int> q;
  Thread consumer("consumer", [&] {
    for (;;) {
      if (auto v = q.get(1)) {
        check(*v == 7, "the item put");
        break;
      }
    }
  });
  Thread producer("producer", [&] { q.put(7); });
}

LOCKSTEP_MODEL("fair/poll-try-get", "for (;;) if (q.try_get()) break, until another thread puts") {
  Queue<int> q;
  Thread consumer("consumer", [&] {
    for (;;) {
      if (auto v = q.try_get()) break;
    }
  });
  Thread producer("producer", [&] { q.put(7); });
}

LOCKSTEP_MODEL("fair/poll-process-queue", "for (;;) if (pq.try_get()) break: the feeder's delivery ends the loop") {
  ProcessQueue<int> q;
  Thread consumer("consumer", [&] {
    for (;;) {
      if (auto v = q.try_get()) break;
    }
  });
  Thread producer("producer", [&] { q.put(7); });
}

LOCKSTEP_MODEL("fair/poll-try-lock", "while (!m.acquire(false)) sleep(1), while another thread holds the lock") {
  Lock m;
  Shared<int> x{0};
  Thread poller("poller", [&] {
    while (!m.acquire(false)) sleep(1);
    x.store(x.load() + 1);
    m.release();
  });
  Thread holder("holder", [&] {
    auto g = m.lock();
    x.store(x.load() + 1);
  });
  poller.join();
  holder.join();
  check(x.load() == 2, "both increments landed");
}

LOCKSTEP_MODEL("fair/try-lock-spin", "while (!m.acquire(false)) {}: a spin on a try-lock, no sleep") {
  Lock m;
  Thread a("a", [&] {
    while (!m.acquire(false)) {
    }
    m.release();
  });
  Thread b("b", [&] {
    while (!m.acquire(false)) {
    }
    m.release();
  });
}

LOCKSTEP_MODEL("fair/poll-join", "while (!t.join(1)) {}: a join that times out until the thread ends") {
  Shared<int> data{0};
  Thread worker("worker", [&] { data.store(1); });
  while (!worker.join(1)) {
  }
  check(data.load() == 1, "joined before the worker's store");
}

LOCKSTEP_MODEL("fair/poll-join-zero", "while (!t.join(0)) {}: join(0) polls a thread that takes two steps") {
  Atomic<int> data{0};
  Thread worker("worker", [&] {
    data.store(1);
    data.store(2);
  });
  while (!worker.join(0)) {
  }
  check(data.load() == 2, "joined before the worker's last store");
}

LOCKSTEP_MODEL("fair/poll-join-alive",
               "while (t.is_alive()) t.join(1);: Python's while t.is_alive(): t.join(0.1)") {
  Shared<int> data{0};
  Thread worker("worker", [&] { data.store(1); });
  while (worker.is_alive()) worker.join(1);
  check(data.load() == 1, "is_alive() false before the worker's store");
}

LOCKSTEP_MODEL("fair/poll-put", "retry q.put_nowait(v) on Full until a consumer frees the slot") {
  Queue<int> q(1);
  q.put(0);
  Thread producer("producer", [&] {
    for (;;) {
      try {
        q.put_nowait(1);
        return;
      } catch (const Full&) {
      }
    }
  });
  Thread consumer("consumer", [&] { q.get(); });
}

LOCKSTEP_MODEL("fair/poll-shared-mutex", "while (!rw.try_lock()) {} against a reader, and a reader's try_lock_shared spin") {
  SharedMutex rw;
  Thread writer("writer", [&] {
    while (!rw.try_lock()) {
    }
    rw.unlock();
  });
  Thread reader("reader", [&] {
    while (!rw.try_lock_shared()) {
    }
    rw.unlock_shared();
  });
}

LOCKSTEP_MODEL("fair/poll-latch", "while (!done.try_wait()) {}, until the worker counts down") {
  Latch done(1);
  Thread worker("worker", [&] { done.count_down(); });
  Thread waiter("waiter", [&] {
    while (!done.try_wait()) {
    }
  });
}

// With --spurious-wakeups: each wait may wake without a notify, and the loop waits again.
LOCKSTEP_MODEL("fair/predicate-loop", "while (!ready) cv.wait(g): the standard predicate loop") {
  Condition cv;
  Shared<bool> ready{false};
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    while (!ready.load()) cv.wait(g);
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    ready.store(true);
    cv.notify();
  });
}

// Correct without spurious wake-ups (the setter notifies under the lock the waiter checks
// under); with --spurious-wakeups the `if` is the bug a `while` fixes.
LOCKSTEP_MODEL("fair/if-wait", "if (!ready) cv.wait(g): wrong once waits wake spuriously") {
  Condition cv;
  Shared<bool> ready{false};
  Thread waiter("waiter", [&] {
    auto g = cv.lock();
    if (!ready.load()) cv.wait(g);
    check(ready.load(), "woke up before ready was set");
  });
  Thread setter("setter", [&] {
    auto g = cv.lock();
    ready.store(true);
    cv.notify();
  });
}

// With --spurious-wakeups, the waiter's first wait may wake spuriously, and once the notifier
// moved (its first step), the next one too: fairness spaces spurious wake-ups out, it does
// not forbid them.
LOCKSTEP_MODEL("fair/two-spurious", "a predicate loop that counts its spurious wake-ups; two are a failure") {
  Condition cv;
  Atomic<int> started{0};
  Shared<int> notes{0};
  Thread waiter("waiter", [&] {
    int spurious = 0;
    auto g = cv.lock();
    while (notes.load() == 0) {
      cv.wait(g);
      if (notes.load() == 0) ++spurious;
    }
    check(spurious < 2, "the waiter woke spuriously twice");
  });
  Thread notifier("notifier", [&] {
    started.store(1);
    auto g = cv.lock();
    notes.store(1);
    cv.notify();
  });
}

// The setter is enabled throughout: the waiter's two timeouts can only fire back to back
// when fairness lets a thread poll twice in a row (--unfair-polls 1).
LOCKSTEP_MODEL("fair/two-timeouts", "ev.wait(1) twice; a bug only when both time out before set()") {
  Event ev;
  Thread waiter("waiter", [&] {
    const bool first = ev.wait(1);
    const bool second = ev.wait(1);
    check(first || second, "both waits timed out while the setter could run");
  });
  Thread setter("setter", [&] { ev.set(); });
}

LOCKSTEP_MODEL("fair/sleepers-livelock", "two threads sleep-poll flags nobody sets", expect::livelock) {
  Atomic<bool> flag{false};
  auto poll = [&] {
    while (!flag.load()) sleep(1);
  };
  Thread a("a", poll);
  Thread b("b", poll);
}

LOCKSTEP_MODEL("fair/waiters-livelock", "two threads poll with timed waits nobody notifies", expect::livelock) {
  Condition cv;
  Shared<bool> ready{false};
  auto poll = [&] {
    auto g = cv.lock();
    while (!ready.load()) cv.wait(g, 1);
  };
  Thread a("a", poll);
  Thread b("b", poll);
}

// is_alive() is progress, so a loop on it alone is a busy loop: a step limit, reached as
// fast by dpor as by dfs (each is_alive() step stands for its thread's earlier ones).
LOCKSTEP_MODEL("fair/alive-spin", "while (t.is_alive()) {}: a busy loop on is_alive()") {
  Atomic<int> x{0};
  Thread worker("worker", [&] {
    x.store(1);
    x.store(2);
  });
  while (worker.is_alive()) {
  }
}
