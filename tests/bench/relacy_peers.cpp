// models/bench/peer_models.cpp written for Relacy (Debian's relacy-dev), run under its
// exhaustive scheduler. Only <relacy/relacy.hpp> is used: its relacy_std.hpp clashes with
// GCC 12's standard library, so the models use rl::mutex, rl::condition_variable, rl::var.
#include "relacy_peers.hpp"

#include <ostream>

// Last: it redefines new, delete, malloc and assert for everything after it.
#include <relacy/relacy.hpp>

namespace lockstep::bench {
namespace {

// Relacy's test suites are types with static thread counts; parameters are statics set
// before each search.
struct Handoff : rl::test_suite<Handoff, 2> {
  static inline int items = 3;
  rl::mutex mtx;
  rl::condition_variable cv;
  rl::var<int> data;
  rl::var<bool> full;
  int seen = 0;

  void before() {
    data($) = 0;
    full($) = false;
    seen = 0;
  }
  void thread(unsigned index) {
    for (int i = 1; i <= items; ++i) {
      mtx.lock($);
      if (index == 0) {
        while (full($)) cv.wait(mtx, $);
        data($) = i;
        full($) = true;
      } else {
        while (!full($)) cv.wait(mtx, $);
        if (data($) == i) ++seen;
        full($) = false;
      }
      cv.notify_one($);
      mtx.unlock($);
    }
  }
  void after() { RL_ASSERT(seen == items); }
};

struct BoundedBuffer : rl::test_suite<BoundedBuffer, 2> {
  static constexpr int kMaxCapacity = 8;
  static inline int capacity = 2;
  static inline int items = 3;
  rl::mutex m;
  rl::condition_variable not_full;
  rl::condition_variable not_empty;
  rl::var<int> count;
  int slots[kMaxCapacity] = {};
  int head = 0;
  int tail = 0;
  int in_order = 0;

  void before() {
    count($) = 0;
    head = tail = in_order = 0;
  }
  void thread(unsigned index) {
    for (int i = 1; i <= items; ++i) {
      m.lock($);
      if (index == 0) {
        while (count($) == capacity) not_full.wait(m, $);
        slots[tail] = i;
        tail = (tail + 1) % capacity;
        count($) = count($) + 1;
        not_empty.notify_one($);
      } else {
        while (count($) == 0) not_empty.wait(m, $);
        if (slots[head] == i) ++in_order;
        head = (head + 1) % capacity;
        count($) = count($) - 1;
        not_full.notify_one($);
      }
      m.unlock($);
    }
  }
  void after() { RL_ASSERT(in_order == items); }
};

struct MutexCounter : rl::test_suite<MutexCounter, 3> {
  static inline int increments = 1;
  rl::mutex m;
  rl::var<int> counter;

  void before() { counter($) = 0; }
  void thread(unsigned) {
    for (int i = 0; i < increments; ++i) {
      m.lock($);
      counter($) = counter($) + 1;
      m.unlock($);
    }
  }
  void after() { RL_ASSERT(counter($) == 3 * increments); }
};

template <class Suite>
PeerResult search() {
  std::ostream quiet(nullptr);  // Relacy reports its progress and totals on streams
  rl::test_params p;
  p.search_type = rl::sched_full;
  p.output_stream = &quiet;
  p.progress_stream = &quiet;
  const bool passed = rl::simulate<Suite>(p);
  return {static_cast<std::uint64_t>(p.stop_iteration), passed};
}

}  // namespace

PeerResult relacy_handoff(int items) {
  Handoff::items = items;
  return search<Handoff>();
}

PeerResult relacy_bounded_buffer(int capacity, int items) {
  BoundedBuffer::capacity = capacity;
  BoundedBuffer::items = items;
  return search<BoundedBuffer>();
}

PeerResult relacy_mutex_counter(int increments) {
  MutexCounter::increments = increments;
  return search<MutexCounter>();
}

}  // namespace lockstep::bench
