// Ports of CPython's own tests (Lib/test/lock_tests.py BarrierTests and
// BoundedSemaphoreTests, Lib/test/test_queue.py), written from the semantics, each keeping
// the verdict CPython's test asserts. lock_tests runs N = 5 threads; three keep the models
// small enough to explore exhaustively, and the assertions do not depend on N.
#include <algorithm>
#include <vector>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
constexpr int kN = 3;

// lock_tests.Bunch: N threads running f, all joined.
template <class F>
void run_threads(F f) {
  std::vector<Thread> threads;
  threads.reserve(kN);
  for (int i = 0; i < kN; ++i) threads.push_back(Thread("t" + std::to_string(i), [&f] { f(); }));
  for (Thread& t : threads) t.join();
}
}  // namespace

// BarrierTests.test_barrier: every thread finishes phase 1 (appends to results1) before any
// starts phase 2, over `passes` passes.
LOCKSTEP_MODEL("cpython/barrier-test-barrier", "lock_tests BarrierTests.test_barrier (test_barrier_10 with --param passes=N)") {
  Barrier barrier(kN);
  int results1 = 0;
  int results2 = 0;
  const int passes = param("passes", 1);
  run_threads([&] {
    for (int i = 0; i < passes; ++i) {
      ++results1;
      barrier.wait();
      check(results1 == kN * (i + 1), "len(results1) == N * (i + 1) after the first wait");
      ++results2;
      barrier.wait();
      check(results2 == kN * (i + 1), "len(results2) == N * (i + 1) after the second wait");
    }
  });
  check(!barrier.broken(), "the barrier is not broken");
}

// BarrierTests.test_wait_return: the indices returned are 0 .. N-1, each once.
LOCKSTEP_MODEL("cpython/barrier-test-wait-return", "lock_tests BarrierTests.test_wait_return") {
  Barrier barrier(kN);
  std::vector<int> results;
  run_threads([&] { results.push_back(barrier.wait()); });
  std::sort(results.begin(), results.end());
  check(results == std::vector<int>{0, 1, 2}, "sum(results) == sum(range(N)): each index once");
}

// BarrierTests.test_abort: the thread that gets index N // 2 raises and aborts the barrier;
// every other thread gets BrokenBarrierError from its second wait, none passes it.
LOCKSTEP_MODEL("cpython/barrier-test-abort", "lock_tests BarrierTests.test_abort") {
  Barrier barrier(kN);
  int results1 = 0;
  int results2 = 0;
  run_threads([&] {
    try {
      const int i = barrier.wait();
      if (i == kN / 2) {
        barrier.abort();  // CPython: raise RuntimeError, caught by `except RuntimeError: abort()`
        return;
      }
      barrier.wait();
      ++results1;
    } catch (const BrokenBarrierError&) {
      ++results2;
    }
  });
  check(results1 == 0, "len(results1) == 0");
  check(results2 == kN - 1, "len(results2) == N - 1");
  check(barrier.broken(), "the barrier is broken");
}

// BarrierTests.test_reset: the thread with index N // 2 waits until the others wait again,
// then resets: they get BrokenBarrierError, and everybody passes the barrier once more.
LOCKSTEP_MODEL("cpython/barrier-test-reset", "lock_tests BarrierTests.test_reset") {
  Barrier barrier(kN);
  int results1 = 0;
  int results2 = 0;
  int results3 = 0;
  run_threads([&] {
    const int i = barrier.wait();
    if (i == kN / 2) {
      while (barrier.n_waiting() < kN - 1) this_thread::yield();  // time.sleep(0.001)
      barrier.reset();
    } else {
      try {
        barrier.wait();
        ++results1;
      } catch (const BrokenBarrierError&) {
        ++results2;
      }
    }
    barrier.wait();
    ++results3;
  });
  check(results1 == 0, "len(results1) == 0");
  check(results2 == kN - 1, "len(results2) == N - 1");
  check(results3 == kN, "len(results3) == N");
}

// BarrierTests.test_action: the action runs once, in the last party, before any party
// leaves the barrier.
LOCKSTEP_MODEL("cpython/barrier-test-action", "lock_tests BarrierTests.test_action") {
  int results = 0;
  int left = 0;
  Barrier barrier(kN, [&] {
    check(left == 0, "the action runs before any party leaves");
    ++results;
  });
  run_threads([&] {
    barrier.wait();
    ++left;
  });
  check(results == 1, "len(results) == 1");
}

// BarrierTests.test_single_thread: Barrier(1) never blocks and always returns 0.
LOCKSTEP_MODEL("cpython/barrier-test-single-thread", "lock_tests BarrierTests.test_single_thread") {
  Barrier barrier(1);
  for (int i = 0; i < 3; ++i) check(barrier.wait() == 0, "Barrier(1).wait() returns 0");
}

// BoundedSemaphoreTests.test_release_unacquired: releasing past the initial value raises
// ValueError, also after an acquire/release pair; a plain Semaphore does not.
LOCKSTEP_MODEL("cpython/bounded-semaphore-test-release-unacquired",
               "lock_tests BoundedSemaphoreTests.test_release_unacquired") {
  BoundedSemaphore sem;
  auto raises = [&] {
    try {
      sem.release();
    } catch (const ValueError&) {
      return true;
    }
    return false;
  };
  check(raises(), "assertRaises(ValueError, sem.release)");
  sem.acquire();
  sem.release();
  check(raises(), "assertRaises(ValueError, sem.release) after acquire/release");
  Semaphore plain;
  plain.release();
  plain.release(2);
  for (int i = 0; i < 4; ++i) check(plain.acquire(false), "a Semaphore counts every release");
}

// test_queue.BaseQueueTestMixin.queue_join_test: worker threads mark each task done; join()
// returns only once all are, and the total is complete. And task_done() too often raises.
LOCKSTEP_MODEL("cpython/queue-test-join", "test_queue queue_join_test and test_queue_task_done") {
  Queue<int> q;
  int cum = 0;
  Lock cumlock;
  auto worker = [&] {
    for (;;) {
      const int x = q.get();
      if (x < 0) {
        q.task_done();
        return;
      }
      {
        auto g = cumlock.lock();
        cum += x;
      }
      q.task_done();
    }
  };
  Thread w1("worker1", worker);
  Thread w2("worker2", worker);
  const int items = param("items", 2);  // CPython puts 100; two already interleave the workers
  for (int i = 0; i < items; ++i) q.put(i);
  q.join();
  check(cum == items * (items - 1) / 2, "q.join() did not block until all tasks were done");
  q.put(-1);
  q.put(-1);
  q.join();
  w1.join();
  w2.join();
  bool raised = false;
  try {
    q.task_done();
  } catch (const ValueError&) {
    raised = true;
  }
  check(raised, "Did not detect task count going negative");
}

// test_queue.BaseQueueTestMixin.simple_queue_test: the orders of Queue, LifoQueue and
// PriorityQueue, full(), qsize(), Full and Empty.
LOCKSTEP_MODEL("cpython/queue-test-simple", "test_queue simple_queue_test: orders, full, Full, Empty") {
  const std::vector<int> items = {111, 333, 222};
  Queue<int> fifo(3);
  LifoQueue<int> lifo(3);
  PriorityQueue<int> prio(3);
  for (int x : items) {
    fifo.put(x);
    lifo.put(x);
    prio.put(x);
  }
  check(fifo.full() && lifo.full() && prio.full(), "Queue should be full");
  check(fifo.qsize() == 3, "qsize() == 3");
  bool full = false;
  try {
    fifo.put_nowait(444);
  } catch (const Full&) {
    full = true;
  }
  check(full, "Didn't appear to block with a full queue (put_nowait raises Full)");
  full = false;
  try {
    fifo.put(444, 1);
  } catch (const Full&) {
    full = true;
  }
  check(full, "put(timeout) on a full queue with no consumer raises Full");
  std::vector<int> f, l, p;
  for (int i = 0; i < 3; ++i) {
    f.push_back(fifo.get());
    l.push_back(lifo.get());
    p.push_back(prio.get());
  }
  check(f == std::vector<int>{111, 333, 222}, "Queue: first in, first out");
  check(l == std::vector<int>{222, 333, 111}, "LifoQueue: last in, first out");
  check(p == std::vector<int>{111, 222, 333}, "PriorityQueue: smallest first");
  check(fifo.empty() && !fifo.full(), "Queue should be empty");
  bool empty = false;
  try {
    fifo.get_nowait();
  } catch (const Empty&) {
    empty = true;
  }
  check(empty, "Didn't appear to block with an empty queue (get_nowait raises Empty)");
}
