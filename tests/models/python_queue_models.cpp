// Tiny models whose verdicts prove the semantics of queue's additions: task_done()/join(),
// put(timeout)/put_nowait with Full, get_nowait with Empty, full(), LifoQueue and
// PriorityQueue; "-reachable" twins fail on purpose to show a scenario really happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

LOCKSTEP_MODEL("test/queue-join-orders", "q.join() returns after the last task_done(), which orders the work") {
  Queue<int> q;
  Shared<int> work{0};
  Thread worker("worker", [&] {
    for (int i = 0; i < 2; ++i) {
      work.store(work.load() + q.get());
      q.task_done();
    }
  });
  q.put(1);
  q.put(2);
  q.join();
  check(work.load() == 3, "every task's work is seen after join()");
}

LOCKSTEP_MODEL("test/queue-join-empty", "join() on a queue with no unfinished task returns at once") {
  Queue<int> q;
  q.join();
}

LOCKSTEP_MODEL("test/queue-task-done-too-often", "task_done() with no unfinished task raises ValueError",
               expect::uncaught_exception) {
  Queue<int> q;
  q.put(1);
  q.get();
  q.task_done();
  q.task_done();
}

LOCKSTEP_MODEL("test/queue-get-nowait-empty", "get_nowait() on an empty queue raises queue.Empty",
               expect::uncaught_exception) {
  Queue<int> q;
  q.get_nowait();
}

namespace {
// A bounded queue holding one item; a consumer takes it at some point. The timed put gets
// in, or raises Full, depending on when it runs.
void timed_put_model(bool reachable_full) {
  Queue<int> q(1);
  q.put(1);
  Thread consumer("consumer", [&] { q.get(); });
  bool full = false;
  try {
    q.put(2, 5);
  } catch (const Full&) {
    full = true;
  }
  consumer.join();
  check(full != reachable_full, reachable_full ? "the timed put never raises Full" : "the timed put never gets in");
}
}  // namespace
LOCKSTEP_MODEL("test/queue-put-timeout-full-reachable", "put(timeout) raises queue.Full", expect::assertion) {
  timed_put_model(true);
}
LOCKSTEP_MODEL("test/queue-put-timeout-in-reachable", "put(timeout) gets in", expect::assertion) {
  timed_put_model(false);
}

LOCKSTEP_MODEL("test/queue-orders", "LifoQueue and PriorityQueue orders, full(), qsize()") {
  LifoQueue<int> lifo;
  PriorityQueue<int> prio(2);
  for (int x : {2, 3, 1}) lifo.put(x);
  prio.put(5);
  check(!prio.full(), "one of two");
  prio.put(4);
  check(prio.full() && prio.qsize() == 2, "two of two");
  check(lifo.get() == 1 && lifo.get() == 3 && lifo.get() == 2, "LifoQueue: last in, first out");
  check(prio.get() == 4 && prio.get() == 5, "PriorityQueue: smallest first");
  check(!lifo.try_get(), "try_get still returns nullopt");
  check(lifo.get(false) == std::nullopt, "get(block=False) returns nullopt when empty");
}
