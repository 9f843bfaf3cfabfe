// The models lockstep is benchmarked on side by side with Relacy (tests/bench/relacy_peers.cpp
// holds the same three programs written for Relacy): a condition-variable hand-off, a
// bounded buffer and a mutex-protected counter. Each is correct and proven exhaustively.
#include <lockstep/lockstep.hpp>

using namespace lockstep;

// The MyData hand-off (docs/seeds.md): the producer puts 1..items one at a time through `data`, the
// consumer takes each before the next is put. The state lives in one struct so the thread
// bodies capture a single reference (no allocation in std::function).
LOCKSTEP_MODEL("bench/handoff", "producer/consumer hand-off through a Condition, data and a full flag") {
  struct State {
    int items = param("items", 3);
    Condition cv;
    Shared<int> data{0};
    Shared<bool> full{false};
    int seen = 0;  // the consumer's count of values seen in order
  } s;
  Thread producer("producer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto lock = s.cv.lock();
      s.cv.wait_for(lock, [&s] { return !s.full.load(); });
      s.data.store(i);
      s.full.store(true);
      s.cv.notify();
    }
  });
  Thread consumer("consumer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto lock = s.cv.lock();
      s.cv.wait_for(lock, [&s] { return s.full.load(); });
      if (s.data.load() == i) ++s.seen;
      s.full.store(false);
      s.cv.notify();
    }
  });
  producer.join();
  consumer.join();
  check(s.seen == s.items, "consumer saw every value once, in order");
}

// A ring buffer of `capacity` slots between one producer and one consumer, guarded by one
// Lock with two Conditions (not_full, not_empty); the fill count is the visible state.
LOCKSTEP_MODEL("bench/bounded-buffer", "one producer, one consumer, a ring buffer with two Conditions on one Lock") {
  static constexpr int kMaxCapacity = 8;
  struct State {
    int capacity = param("capacity", 2);
    int items = param("items", 3);
    Lock m;
    Condition not_full{m};
    Condition not_empty{m};
    Shared<int> count{0};
    int slots[kMaxCapacity] = {};  // only touched while holding m
    int head = 0;
    int tail = 0;
    int in_order = 0;
  } s;
  check(s.capacity >= 1 && s.capacity <= kMaxCapacity, "capacity is between 1 and 8");
  Thread producer("producer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto g = s.m.lock();
      while (s.count.load() == s.capacity) s.not_full.wait(g);
      s.slots[s.tail] = i;
      s.tail = (s.tail + 1) % s.capacity;
      s.count.store(s.count.load() + 1);
      s.not_empty.notify();
    }
  });
  Thread consumer("consumer", [&s] {
    for (int i = 1; i <= s.items; ++i) {
      auto g = s.m.lock();
      while (s.count.load() == 0) s.not_empty.wait(g);
      if (s.slots[s.head] == i) ++s.in_order;
      s.head = (s.head + 1) % s.capacity;
      s.count.store(s.count.load() - 1);
      s.not_full.notify();
    }
  });
  producer.join();
  consumer.join();
  check(s.in_order == s.items, "every item came out once, in order");
}

// Three threads each add 1 to a counter `increments` times under one Lock.
LOCKSTEP_MODEL("bench/mutex-counter", "three threads increment a Lock-protected counter") {
  struct State {
    int increments = param("increments", 1);
    Lock m;
    Shared<int> counter{0};
  } s;
  auto body = [&s] {
    for (int i = 0; i < s.increments; ++i) {
      auto g = s.m.lock();
      s.counter.store(s.counter.load() + 1);
    }
  };
  Thread a("a", body);
  Thread b("b", body);
  Thread c("c", body);
  a.join();
  b.join();
  c.join();
  check(s.counter.load() == 3 * s.increments, "no increment was lost");
}
