// queue.PriorityQueue and queue.LifoQueue with a stop sentinel: the classic shutdown bug
// puts the sentinel behind the work, but these queues do not hand items out in the order
// they were put. A PriorityQueue serves the smallest item first, so a sentinel 0 overtakes
// the work; a LifoQueue serves the newest first. The worker stops early and the work is
// lost. The fix waits with q.join() until the work is done before sending the sentinel.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
constexpr int kStop = 0;

template <class Q>
void sentinel_model(bool fixed) {
  Q q;
  q.name("q");
  int done = 0;
  Thread worker("worker", [&] {
    for (;;) {
      const int item = q.get();
      q.task_done();
      if (item == kStop) return;
      ++done;
    }
  });
  q.put(5);
  q.put(7);
  if (fixed) q.join();  // every work item taken and done before the sentinel goes in
  q.put(kStop);
  worker.join();
  check(done == 2, "the worker did both work items before it stopped");
}
}  // namespace

LOCKSTEP_MODEL("primitives/priority-queue-sentinel-first", "a PriorityQueue serves the stop sentinel 0 first",
               expect::assertion) {
  sentinel_model<PriorityQueue<int>>(false);
}
LOCKSTEP_MODEL("primitives/priority-queue-sentinel-after-join", "q.join() before the stop sentinel") {
  sentinel_model<PriorityQueue<int>>(true);
}
LOCKSTEP_MODEL("primitives/lifo-queue-sentinel-first", "a LifoQueue serves the newest item, the sentinel, first",
               expect::assertion) {
  sentinel_model<LifoQueue<int>>(false);
}
LOCKSTEP_MODEL("primitives/lifo-queue-sentinel-after-join", "q.join() before the stop sentinel") {
  sentinel_model<LifoQueue<int>>(true);
}
