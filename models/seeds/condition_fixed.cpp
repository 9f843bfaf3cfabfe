// The condition-variable seed (docs/seeds.md), thread variant, corrected: each consumer waits in the loop
// and fetches AFTER it, and the producer makes as many items as there are consumers.
// Proven under every interleaving for the default parameters; with fewer items than
// consumers it deadlocks (bug 4), with more it leaves items behind.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("seeds/condition-fixed", "corrected seed: fetch after the wait loop, one item per consumer") {
  const int consumers = param("consumers", 2);
  const int items = param("items", 2);
  Condition cond;
  Queue<int> q;
  cond.name("cond");
  q.name("q");
  int taken = 0;  // only touched while holding cond

  std::vector<Thread> threads;
  for (int c = 1; c <= consumers; ++c) {
    threads.push_back(Thread("c" + std::to_string(c), [&] {
      auto with = cond.lock();
      while (q.empty()) cond.wait(with);  // cond.wait_for(lambda: not q.empty())
      q.get();
      ++taken;
    }));
  }
  // push_back(Thread(...)), not emplace_back: the trace then shows this line as where the
  // thread started, not a line inside the standard library.
  threads.push_back(Thread("producer", [&] {
    auto with = cond.lock();
    for (int i = 1; i <= items; ++i) q.put(i);
    cond.notify(items);
  }));
  for (auto& t : threads) t.join();
  check(taken == items, "every item was taken exactly once");
}
