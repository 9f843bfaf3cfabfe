// One model per bug of the condition-variable seed (docs/seeds.md, thread variant), each cut down so that
// exactly that bug is the failure lockstep finds, with its own short trace.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// Bug 1: a consumer that finds an item already queued skips the loop, and with it the
// q.get() inside the loop: it never takes an item. (Two items are produced so that a
// consumer woken from the loop does not also wait forever, which is bug 2.)
LOCKSTEP_MODEL("seeds/condition-skip", "bug 1: a consumer that finds the item queued skips the loop and never takes it",
               expect::assertion) {
  Condition cond;
  Queue<int> q;
  cond.name("cond");
  q.name("q");
  Thread consumer("c1", [&] {
    bool took = false;
    {
      auto with = cond.lock();
      while (q.empty()) {
        cond.wait(with);
        q.get();
        took = true;
      }
    }
    check(took, "c1 took an item");
  });
  Thread producer("producer", [&] {
    auto with = cond.lock();
    q.put(1);
    q.put(2);
    cond.notify();
  });
}

// Bug 2: a woken consumer takes the item, loops, sees the queue empty and waits forever.
LOCKSTEP_MODEL("seeds/condition-wait-forever", "bug 2: after taking the item the consumer loops and waits forever",
               expect::deadlock) {
  Condition cond;
  Queue<int> q;
  cond.name("cond");
  q.name("q");
  Thread consumer("c1", [&] {
    auto with = cond.lock();
    while (q.empty()) {
      cond.wait(with);
      q.get();
    }
  });
  Thread producer("producer", [&] {
    auto with = cond.lock();
    q.put(1);
    cond.notify();
  });
}

// Bug 3: notify(2) wakes both consumers; the second calls q.get() on the empty queue and
// blocks there HOLDING the condition's lock. (`if` instead of `while` keeps the first
// consumer from also waiting forever, which is bug 2.)
LOCKSTEP_MODEL("seeds/condition-get-blocks",
               "bug 3: both consumers woken by notify(2); the second blocks in q.get() holding the lock",
               expect::deadlock) {
  Condition cond;
  Queue<int> q;
  cond.name("cond");
  q.name("q");
  auto consumer = [&] {
    auto with = cond.lock();
    if (q.empty()) {
      cond.wait(with);
      q.get();
    }
  };
  Thread c1("c1", consumer);
  Thread c2("c2", consumer);
  Thread producer("producer", [&] {
    auto with = cond.lock();
    q.put(1);
    cond.notify(2);
  });
}

// Bug 4: with the fetch moved after the loop, one item for two consumers still starves
// one of them forever: the program never exits.
LOCKSTEP_MODEL("seeds/condition-starve", "bug 4: fetch after the loop, but one item for two consumers starves one",
               expect::deadlock) {
  Condition cond;
  Queue<int> q;
  cond.name("cond");
  q.name("q");
  auto consumer = [&] {
    auto with = cond.lock();
    while (q.empty()) cond.wait(with);
    q.get();
  };
  Thread c1("c1", consumer);
  Thread c2("c2", consumer);
  Thread producer("producer", [&] {
    auto with = cond.lock();
    q.put(1);
    cond.notify(2);
  });
}
