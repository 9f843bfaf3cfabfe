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
