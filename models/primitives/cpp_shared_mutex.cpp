// std::shared_mutex's classic bug: an "upgrade" done by dropping the shared lock and taking
// the exclusive one, without looking again. Both readers miss the cache, both compute.
#include <lockstep/lockstep.hpp>
#include <lockstep/shared_mutex.hpp>

using namespace lockstep;

static void cache_model(bool look_again) {
  SharedMutex rw{"rw"};
  Shared<bool> cached{"cached", false};
  Shared<int> computed{"computed", 0};
  auto lookup = [&] {
    rw.lock_shared();
    const bool hit = cached.load();
    rw.unlock_shared();
    if (hit) return;
    rw.lock();  // std::shared_mutex cannot upgrade: the shared lock was dropped first
    if (!look_again || !cached.load()) {
      computed.store(computed.load() + 1);
      cached.store(true);
    }
    rw.unlock();
  };
  Thread a("a", lookup);
  Thread b("b", lookup);
  a.join();
  b.join();
  check(computed.load() == 1, "the cached value is computed once");
}

LOCKSTEP_MODEL("primitives/cpp-shared-mutex-upgrade",
               "readers drop the shared lock to take the exclusive one and compute twice", expect::assertion) {
  cache_model(false);
}

LOCKSTEP_MODEL("primitives/cpp-shared-mutex-upgrade-fixed",
               "after taking the exclusive lock, look at the cache again") {
  cache_model(true);
}

// The other classic: a read path that takes the shared lock again while holding it (get()
// calls size(), both lock_shared). The standard makes it undefined behaviour; with a
// writer-preferring implementation (glibc's PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
// Windows' SRW locks) a writer queued between the two takes deadlocks both. lockstep reports
// the second take as model misuse. The fix: the inner call assumes the lock is held.
static void nested_read_model(bool nested) {
  SharedMutex rw{"rw"};
  Shared<int> items{"items", 1};
  auto size_locked = [&] { return items.load(); };
  auto size = [&] {
    rw.lock_shared();
    const int n = size_locked();
    rw.unlock_shared();
    return n;
  };
  Thread reader("reader", [&] {
    rw.lock_shared();
    const int n = nested ? size() : size_locked();
    check(n >= 1, "the reader sees the item");
    rw.unlock_shared();
  });
  Thread writer("writer", [&] {
    rw.lock();
    items.store(items.load() + 1);
    rw.unlock();
  });
}

LOCKSTEP_MODEL("primitives/cpp-shared-mutex-nested-read", "lock_shared taken again by its owner (get() calls size())",
               expect::model_misuse) {
  nested_read_model(true);
}

LOCKSTEP_MODEL("primitives/cpp-shared-mutex-nested-read-fixed", "the inner read assumes the lock is held") {
  nested_read_model(false);
}
