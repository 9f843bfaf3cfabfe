// Data races on Shared: unsynchronized conflicting accesses are reported; every kind of
// synchronization the checker knows orders accesses, so correct models pass.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("test/race-store-store", "two threads store without synchronization", expect::data_race) {
  Shared<int> x{0};
  Thread a("a", [&] { x.store(1); });
  Thread b("b", [&] { x.store(2); });
}

LOCKSTEP_MODEL("test/race-load-store", "a load and a store without synchronization", expect::data_race) {
  Shared<int> x{0};
  Thread writer("writer", [&] { x.store(1); });
  Thread reader("reader", [&] { (void)x.load(); });
}

// Loads alone never race; spawn orders the parent's earlier store, join the child's.
LOCKSTEP_MODEL("test/race-free-spawn-join", "spawn and join order accesses; loads do not conflict") {
  Shared<int> x{0};
  x.store(1);
  Thread a("a", [&] { (void)x.load(); });
  Thread b("b", [&] { (void)x.load(); });
  a.join();
  b.join();
  x.store(2);
}

LOCKSTEP_MODEL("test/race-free-condition", "a flag guarded by a condition, data written before notify") {
  Shared<int> data{0};
  Shared<bool> ready{false};
  Condition cv;
  Thread producer("producer", [&] {
    data.store(7);
    auto g = cv.lock();
    ready.store(true);
    cv.notify();
  });
  Thread consumer("consumer", [&] {
    {
      auto g = cv.lock();
      cv.wait_for(g, [&] { return ready.load(); });
    }
    check(data.load() == 7, "the data is visible");
  });
}

LOCKSTEP_MODEL("test/race-free-queue", "put/get order the data handed over") {
  Shared<int> data{0};
  Queue<int> q;
  Thread producer("producer", [&] {
    data.store(7);
    q.put(1);
  });
  Thread consumer("consumer", [&] {
    q.get();
    (void)data.load();
  });
}

LOCKSTEP_MODEL("test/race-free-atomic-flag", "a seq_cst flag orders the data (message passing)") {
  Shared<int> data{0};
  Atomic<bool> ready{false};
  Thread producer("producer", [&] {
    data.store(7);
    ready.store(true);
  });
  Thread consumer("consumer", [&] {
    while (!ready.load()) this_thread::yield();
    check(data.load() == 7, "the data is visible");
  });
}

// The same message passing through a plain Shared flag is a data race.
LOCKSTEP_MODEL("test/race-shared-flag", "a plain Shared flag does not order the data", expect::data_race) {
  Shared<int> data{0};
  Shared<bool> ready{false};
  Thread producer("producer", [&] {
    data.store(7);
    ready.store(true);
  });
  Thread consumer("consumer", [&] {
    while (!ready.load()) this_thread::yield();
    (void)data.load();
  });
}
