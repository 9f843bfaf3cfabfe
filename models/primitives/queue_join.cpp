// queue.Queue's task_done()/join(), as the Python documentation's worker example uses
// them: daemon workers loop `item = q.get(); work; q.task_done()` forever, and the main
// thread waits with q.join(). Missing a task_done() on one path (here: an item the worker
// skips) leaves join() waiting forever; the daemon workers blocked in get() are no excuse.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
void workers_model(bool fixed) {
  const int items = param("items", 3);
  Queue<int> q;
  q.name("q");
  Shared<int> done{0};
  done.name("done");
  Lock m;
  m.name("m");
  auto worker = [&] {
    for (;;) {
      const int item = q.get();
      if (item % 2 == 0 && !fixed) continue;  // the bug: `continue` skips task_done()
      if (item % 2 != 0) {
        auto g = m.lock();
        done.store(done.load() + 1);
      }
      q.task_done();
    }
  };
  Thread w1("worker1", worker, {.daemon = true});
  Thread w2("worker2", worker, {.daemon = true});
  for (int i = 1; i <= items; ++i) q.put(i);
  q.join();
  // Ordered after every task_done(): no lock needed to read the total.
  check(done.load() == (items + 1) / 2, "every odd item was processed");
}
}  // namespace

LOCKSTEP_MODEL("primitives/queue-task-done-missing", "a worker skips task_done() for some items: q.join() hangs",
               expect::deadlock) {
  workers_model(false);
}

LOCKSTEP_MODEL("primitives/queue-join", "daemon workers call task_done() for every item: q.join() returns") {
  workers_model(true);
}
