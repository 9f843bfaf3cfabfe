// The classic benchmarks of the partial-order-reduction papers, each parameterized by its
// size. The paper's threads are all spawned threads: the model body (main) only spawns and
// joins them, so main adds no interleavings of its own.
#include <deque>
#include <string>
#include <vector>

#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {

void join_all(std::vector<Thread>& threads) {
  for (Thread& t : threads) t.join();
}

}  // namespace

// Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial order reduction", POPL'14:
// thread 0 looks for the last zero in array[0..n]; thread j (1..n) sets array[j] to
// array[j-1] + 1.
LOCKSTEP_MODEL("bench/lastzero", "lastzero(n): a scanner looks for the last zero while n threads fill in an array") {
  const int n = param("n", 4);
  std::deque<Atomic<int>> array;
  for (int i = 0; i <= n; ++i) array.emplace_back(0);
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n) + 1);
  threads.emplace_back("scanner", [&] {
    int i = n;
    while (i > 0 && array[static_cast<std::size_t>(i)].load() != 0) --i;
  });
  for (int j = 1; j <= n; ++j) {
    threads.emplace_back("writer" + std::to_string(j), [&array, j] {
      const auto at = static_cast<std::size_t>(j);
      array[at].store(array[at - 1].load() + 1);
    });
  }
  join_all(threads);
}

// Flanagan & Godefroid, "Dynamic partial-order reduction for model checking software",
// POPL'05: n threads each insert 4 messages into a 128-slot hash table with
// compare_exchange and linear probing. Slots collide only from 12 threads on.
LOCKSTEP_MODEL("bench/indexer", "indexer(n): n threads insert into a lock-free hash table (compare_exchange)") {
  constexpr int kSize = 128;
  constexpr int kMessages = 4;
  const int n = param("threads", 12);
  std::deque<Atomic<int>> table;
  for (int i = 0; i < kSize; ++i) table.emplace_back(0);
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int tid = 0; tid < n; ++tid) {
    threads.emplace_back("t" + std::to_string(tid), [&table, tid] {
      for (int m = 0; m < kMessages; ++m) {
        const int w = m * 11 + tid;
        int h = (w * 7) % kSize;
        for (int expected = 0; !table[static_cast<std::size_t>(h)].compare_exchange(expected, w); expected = 0) {
          h = (h + 1) % kSize;
        }
      }
    });
  }
  join_all(threads);
}

// Flanagan & Godefroid, POPL'05: n threads each allocate a disk block to inode tid % 32
// under per-inode and per-block locks. Threads collide only from 14 on.
LOCKSTEP_MODEL("bench/filesystem", "filesystem(n): n threads allocate blocks to inodes under fine-grained locks") {
  constexpr int kInodes = 32;
  constexpr int kBlocks = 26;
  const int n = param("threads", 16);
  std::deque<Lock> locki(kInodes);
  std::deque<Shared<int>> inode;
  for (int i = 0; i < kInodes; ++i) inode.emplace_back(0);
  std::deque<Lock> lockb(kBlocks);
  std::deque<Shared<bool>> busy;
  for (int b = 0; b < kBlocks; ++b) busy.emplace_back(false);
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int tid = 0; tid < n; ++tid) {
    threads.emplace_back("t" + std::to_string(tid), [&, tid] {
      const auto i = static_cast<std::size_t>(tid % kInodes);
      auto inode_guard = locki[i].lock();
      if (inode[i].load() == 0) {
        auto b = static_cast<std::size_t>((i * 2) % kBlocks);
        for (;;) {
          auto block_guard = lockb[b].lock();
          if (!busy[b].load()) {
            busy[b].store(true);
            inode[i].store(static_cast<int>(b) + 1);
            break;
          }
          block_guard.release();
          b = (b + 1) % kBlocks;
        }
      }
    });
  }
  join_all(threads);
}

// POPL'14: one writer stores to x while n readers each load it once.
LOCKSTEP_MODEL("bench/readers", "readers(n): n readers load a variable one writer stores") {
  const int n = param("readers", 2);
  Atomic<int> x{0};
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n) + 1);
  threads.emplace_back("writer", [&] { x.store(42); });
  for (int r = 1; r <= n; ++r) {
    threads.emplace_back("reader" + std::to_string(r), [&] { x.load(); });
  }
  join_all(threads);
}

// n threads each increment a counter once inside a Lock: the critical sections can come in
// any of n! orders.
LOCKSTEP_MODEL("bench/lock-increments", "n threads increment a Lock-protected counter once each") {
  const int n = param("threads", 3);
  Lock m;
  Shared<int> counter{0};
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int t = 1; t <= n; ++t) {
    threads.emplace_back("t" + std::to_string(t), [&] {
      auto g = m.lock();
      counter.store(counter.load() + 1);
    });
  }
  join_all(threads);
  check(counter.load() == n, "every increment landed");
}

// Dining philosophers: n philosophers round a table, a Lock for each fork between two of
// them; each takes both forks, eats once, puts them down. Ordered: every philosopher takes
// the lower-numbered fork first, so no cycle of waits can form.
LOCKSTEP_MODEL("bench/philosophers", "n dining philosophers, forks taken in a global order: no deadlock") {
  const int n = param("n", 3);
  std::deque<Lock> forks(static_cast<std::size_t>(n));
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int p = 0; p < n; ++p) {
    threads.emplace_back("philosopher" + std::to_string(p), [&forks, p, n] {
      const int left = p;
      const int right = (p + 1) % n;
      auto first = forks[static_cast<std::size_t>(std::min(left, right))].lock();
      auto second = forks[static_cast<std::size_t>(std::max(left, right))].lock();
    });
  }
  join_all(threads);
}

// Naive: every philosopher takes the left fork, then the right one. All holding their left
// fork is a deadlock.
LOCKSTEP_MODEL("bench/philosophers-naive", "n dining philosophers, each takes the left fork first",
               expect::deadlock) {
  const int n = param("n", 3);
  std::deque<Lock> forks(static_cast<std::size_t>(n));
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int p = 0; p < n; ++p) {
    threads.emplace_back("philosopher" + std::to_string(p), [&forks, p, n] {
      auto left = forks[static_cast<std::size_t>(p)].lock();
      auto right = forks[static_cast<std::size_t>((p + 1) % n)].lock();
    });
  }
  join_all(threads);
}

// wcas(n) (GenMC's test suite): one thread stores 2 while n threads each try
// compare_exchange(2 -> 3). The compare-exchanges before the store fail, the first one after
// it succeeds and the rest fail again: n * 2^(n-1) + 1 traces. Failed ones only read, so
// their order among each other makes no new trace.
LOCKSTEP_MODEL("bench/wcas", "wcas(n): a store and n compare_exchange(2 -> 3) on one atomic") {
  const int n = param("n", 3);
  Atomic<int> x{0};
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n) + 1);
  threads.emplace_back("writer", [&] { x.store(2); });
  for (int i = 1; i <= n; ++i) {
    threads.emplace_back("cas" + std::to_string(i), [&] {
      int expected = 2;
      x.compare_exchange(expected, 3);
    });
  }
  join_all(threads);
}

// casrot(n) (GenMC's test suite): x starts at 0 and thread i (1..n) tries
// compare_exchange(i-1 -> i), so the value can only climb 0, 1, 2, ... one thread at a time.
// GenMC counts 2, 5, 14, 43, 144, 523, 2048 traces for n = 2..8: what differs between two
// traces is which compare-exchanges succeed and where each failed one read in the chain.
LOCKSTEP_MODEL("bench/casrot", "casrot(n): n threads each try compare_exchange(i-1 -> i) on one atomic") {
  const int n = param("n", 3);
  Atomic<int> x{0};
  std::vector<Thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int i = 1; i <= n; ++i) {
    threads.emplace_back("cas" + std::to_string(i), [&x, i] {
      int expected = i - 1;
      x.compare_exchange(expected, i);
    });
  }
  join_all(threads);
}
