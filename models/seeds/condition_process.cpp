// The condition-variable seed (docs/seeds.md), process variant: multiprocessing.Condition and
// multiprocessing.Queue. As written it has the thread variant's bugs, and bug 5 of its own:
// Queue.empty() can still be True after put() returned (the producer's feeder thread
// delivers the item later), so a consumer can start waiting after the only notify.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("seeds/condition-process",
               "the Python seed's process variant as written: ProcessCondition, ProcessQueue, notify(2)",
               expect::deadlock) {
  ProcessCondition cond;  // multiprocessing.Condition(): owns an RLock
  ProcessQueue<int> q;    // multiprocessing.Queue()
  cond.name("cond");
  q.name("q");

  auto consumer = [&] {
    auto with = cond.lock();  // with cond:
    while (q.empty()) {
      cond.wait(with);
      int item = q.get();
      (void)item;
    }
  };
  auto producer = [&] {
    auto with = cond.lock();  // with cond:
    q.put(1);                 // produce_an_item
    cond.notify(2);
  };

  Thread c1("c1", consumer);
  Thread c2("c2", consumer);
  Thread p("producer", producer);
  c1.join();
  c2.join();
  p.join();
}

// Bug 5 alone: the thread variant's corrected consumer (fetch after the loop), one consumer,
// one item. With queue.Queue it passes; here the consumer can find the queue still empty
// after the producer's put() and notify() returned, wait, and never be notified again.
LOCKSTEP_MODEL("seeds/condition-process-empty-lies",
               "bug 5: empty() is still True after put() returned, so the consumer waits after the only notify",
               expect::deadlock) {
  ProcessCondition cond;
  ProcessQueue<int> q;
  cond.name("cond");
  q.name("q");
  Thread consumer("c1", [&] {
    auto with = cond.lock();
    while (q.empty()) cond.wait(with);
    q.get();
  });
  Thread producer("producer", [&] {
    auto with = cond.lock();
    q.put(1);
    cond.notify();
  });
  consumer.join();
  producer.join();
}

// Corrected: the condition guards a count of items put and not yet claimed (a
// multiprocessing.Value), which put() and notify() update together under the lock; a
// consumer claims an item under the lock, then fetches it with a blocking q.get() that waits
// for the feeder's delivery. One item per consumer.
LOCKSTEP_MODEL("seeds/condition-process-fixed",
               "process variant corrected: wait on a count kept under the lock, then a blocking get()") {
  const int consumers = param("consumers", 2);
  ProcessCondition cond;
  ProcessQueue<int> q;
  Shared<int> available{0};  // multiprocessing.Value('i', 0, lock=False), guarded by cond
  cond.name("cond");
  q.name("q");
  available.name("available");
  int taken = 0;  // only the model checks it

  std::vector<Thread> threads;
  for (int c = 1; c <= consumers; ++c) {
    threads.emplace_back("c" + std::to_string(c), [&] {
      {
        auto with = cond.lock();
        cond.wait_for(with, [&] { return available.load() > 0; });
        available.store(available.load() - 1);
      }
      q.get();
      ++taken;
    });
  }
  threads.emplace_back("producer", [&] {
    auto with = cond.lock();
    for (int i = 1; i <= consumers; ++i) q.put(i);
    available.store(available.load() + consumers);
    cond.notify(consumers);
  });
  for (auto& t : threads) t.join();
  check(taken == consumers, "every consumer got an item");
}
