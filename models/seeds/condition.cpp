// The condition-variable seed (docs/seeds.md), thread variant, as written: two consumers fetch the item
// INSIDE `while q.empty(): cond.wait()`, one producer puts one item and calls notify(2).
// Its bugs (docs/seeds.md, bugs 2 and 3) end in a deadlock; condition_bugs.cpp isolates each.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("seeds/condition", "the Python seed as written: item fetched inside the wait loop, notify(2)",
               expect::deadlock) {
  Condition cond;  // threading.Condition(): owns an RLock
  Queue<int> q;    // queue.SimpleQueue
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
  // The script ends here; Python's interpreter then waits for its non-daemon threads.
}
