// threading.BoundedSemaphore: a pool of connections guarded by a BoundedSemaphore(1). The
// classic bug releases twice on one path (an early `release()` on the error path, then the
// `finally:` one), which a plain Semaphore silently lets grow past the pool; the bounded
// one raises ValueError("Semaphore released too many times").
#include <lockstep/lockstep.hpp>

using namespace lockstep;

namespace {
void pool_model(bool fixed) {
  BoundedSemaphore pool(1);  // one connection keeps the exhaustive search small
  pool.name("pool");
  Atomic<int> in_use{0};
  auto client = [&](bool fails) {
    pool.acquire();
    check(in_use.fetch_add(1) < 1, "at most one connection in use");
    in_use.fetch_add(-1);
    if (fails && !fixed) pool.release();  // the bug: released on the error path ...
    pool.release();                       // ... and again in `finally:`
  };
  Thread a("a", [&] { client(true); });
  Thread b("b", [&] { client(false); });
}
}  // namespace

LOCKSTEP_MODEL("primitives/bounded-semaphore-over-release",
               "a pool's BoundedSemaphore released twice on the error path: ValueError", expect::uncaught_exception) {
  pool_model(false);
}

LOCKSTEP_MODEL("primitives/bounded-semaphore-pool", "a pool's BoundedSemaphore released once per acquire") {
  pool_model(true);
}
