// Tiny models whose verdicts prove ProcessQueue's delayed delivery, blocking, per-producer
// order and happens-before; "-reachable" twins fail on purpose to show a scenario happens.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// put() returns before delivery: empty() can still be True right after it.
LOCKSTEP_MODEL("test/pqueue-empty-after-put-reachable", "empty() is True after put() returned", expect::assertion) {
  ProcessQueue<int> q;
  q.put(1);
  check(!q.empty(), "the item is in the pipe once put() returned");
}

// get() waits for the feeder's delivery; size() counts items not yet delivered; the
// pending delivery is work, never a deadlock.
LOCKSTEP_MODEL("test/pqueue-get-waits-for-delivery", "get blocks until the feeder delivers") {
  ProcessQueue<int> q;
  q.put(1);
  check(q.size() == 1, "size counts an undelivered item");
  check(q.get() == 1, "get returns the item");
  check(q.empty() && q.size() == 0, "nothing left");
}

// An item nobody takes does not keep the model from ending.
LOCKSTEP_MODEL("test/pqueue-left-behind", "undelivered items at the end are not a deadlock") {
  ProcessQueue<int> q;
  Thread producer("producer", [&] { q.put(1); });
}

// One producer's items arrive in its order; a consumer and the data it reads are ordered
// after the put (no data race).
LOCKSTEP_MODEL("test/pqueue-fifo-per-producer", "one producer's items arrive in order, with their data") {
  ProcessQueue<int> q;
  Shared<int> data{0};
  Thread producer("producer", [&] {
    data.store(7);
    for (int i = 1; i <= 3; ++i) q.put(i);
  });
  Thread consumer("consumer", [&] {
    for (int i = 1; i <= 3; ++i) check(q.get() == i, "items arrive in the order put");
    check(data.load() == 7, "the data written before put is visible");
  });
}

// Two producers' feeders deliver independently: an item put later by another producer
// can arrive first.
LOCKSTEP_MODEL("test/pqueue-cross-producer-reachable", "a later put by another producer arrives first",
               expect::assertion) {
  ProcessQueue<int> q;
  Event first_put;
  Thread a("a", [&] {
    q.put(1);
    first_put.set();
  });
  Thread b("b", [&] {
    first_put.wait();
    q.put(2);
  });
  const int got = q.get();
  q.get();
  check(got == 1, "the item put first arrives first");
}

// A bounded queue blocks put() while maxsize items are in it, delivered or not.
LOCKSTEP_MODEL("test/pqueue-bounded", "put blocks on a full bounded queue until a get") {
  ProcessQueue<int> q(1);
  Thread producer("producer", [&] {
    q.put(1);
    q.put(2);
  });
  check(q.get() == 1 && q.get() == 2, "both items arrive in order");
}

LOCKSTEP_MODEL("test/pqueue-get-forever", "get on a queue nobody puts into", expect::deadlock) {
  ProcessQueue<int> q;
  q.get();
}

// try_get and get(timeout) only look at the pipe.
LOCKSTEP_MODEL("test/pqueue-try-get-reachable", "try_get misses an item put but not yet delivered",
               expect::assertion) {
  ProcessQueue<int> q;
  q.put(1);
  check(q.try_get().has_value(), "try_get finds the item put before");
}
LOCKSTEP_MODEL("test/pqueue-timed-get", "get(timeout) returns the item or nothing, never blocks forever") {
  ProcessQueue<int> q;
  q.put(1);
  auto got = q.get(5);
  check(!got || *got == 1, "the only item or nothing");
}
