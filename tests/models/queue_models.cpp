// Tiny models whose verdicts prove Queue's bounded put, timed get and try_get;
// "-reachable" twins fail on purpose to show a scenario really happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// Queue(1): the second put waits for a get, so the consumer sees both items, in order.
LOCKSTEP_MODEL("test/queue-bounded", "put blocks on a full bounded queue until a get") {
  Queue<int> q(1);
  int size_seen = 0;
  Thread producer("producer", [&] {
    q.put(1);
    q.put(2);
  });
  Thread watcher("watcher", [&] { size_seen = static_cast<int>(q.size()); });
  check(q.get() == 1 && q.get() == 2, "both items arrive in order");
  watcher.join();
  check(size_seen <= 1, "never more than maxsize items queued");
}

LOCKSTEP_MODEL("test/queue-bounded-full", "a second put on a full queue nobody reads", expect::deadlock) {
  Queue<int> q(1);
  q.put(1);
  q.put(2);
}

// get(timeout) takes an item that is there, or times out at any point while none is.
static void timed_get_model(bool want_item) {
  Queue<int> q;
  std::optional<int> got;
  Thread consumer("consumer", [&] { got = q.get(5); });
  Thread producer("producer", [&] { q.put(1); });
  consumer.join();
  producer.join();
  check(got.has_value() != want_item, want_item ? "the timed get took the item" : "the timed get timed out");
  if (got) check(*got == 1, "the only item");
}
LOCKSTEP_MODEL("test/queue-timed-get-timeout-reachable", "a timed get times out though a put comes",
               expect::assertion) {
  timed_get_model(false);
}
LOCKSTEP_MODEL("test/queue-timed-get-item-reachable", "a timed get takes the item", expect::assertion) {
  timed_get_model(true);
}

LOCKSTEP_MODEL("test/queue-try-get", "try_get never blocks") {
  Queue<int> q;
  check(!q.try_get().has_value(), "nothing there: queue.Empty");
  check(!q.get(0).has_value(), "get(timeout=0) is try_get");
  q.put(3);
  check(q.try_get() == 3, "an item that is there is taken");
  check(q.empty(), "and is gone");
}
