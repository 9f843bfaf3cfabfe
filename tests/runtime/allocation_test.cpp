// The hot path allocates nothing once warm: a global operator new that counts (only while a
// measurement is on) shows that a model built from Shared, Atomic, Lock, Condition and yield
// costs no heap allocation per step or per execution.
#include <lockstep/gtest.hpp>
#include <lockstep/lockstep.hpp>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

// Fibers run on the test's OS thread, so a thread_local sees the model's allocations too.
thread_local bool counting = false;
thread_local std::uint64_t allocations = 0;

}  // namespace

// Replaced for the whole test binary; they forward to malloc/free and count only while a
// measurement is on. operator new[] and the nothrow forms forward to these.
void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace lockstep;

// Allocations made by `run` (an exploration of up to `executions` executions).
std::uint64_t allocations_of(const char* model, const char* strategy, std::uint64_t executions) {
  RunOptions options;
  options.strategy = strategy;
  options.max_executions = executions;
  allocations = 0;
  counting = true;
  RunResult r = lockstep::testing::run_model(model, {}, options);
  counting = false;
  EXPECT_FALSE(r.failure) << format_failure(r);
  EXPECT_EQ(r.executions, executions);
  return allocations;
}

// Every execution has the same shape: choose(1000) (the outermost choice, so dfs explores
// it last), then a waiter and a notifier on one Condition, an Atomic and two Shareds. The
// thread bodies capture one reference, which std::function stores without allocating.
void waiter_and_notifier(bool notifier_yields) {
  struct State {
    explicit State(bool yields) : notifier_yields(yields) {}
    bool notifier_yields;
    int value = choose(1000);
    Lock m;
    Condition cv{m};
    Shared<bool> ready{false};
    Shared<int> data{0};
    Atomic<int> done{0};
  } s(notifier_yields);
  Thread waiter("waiter", [&s] {
    auto g = s.m.lock();
    while (!s.ready.load()) s.cv.wait(g);
    check(s.data.load() == s.value, "the waiter sees the value");
    s.done.fetch_add(1);
  });
  Thread notifier("notifier", [&s] {
    if (s.notifier_yields) this_thread::yield();
    auto g = s.m.lock();
    s.data.store(s.value);
    s.ready.store(true);
    s.cv.notify();
    s.done.fetch_add(1);
  });
  waiter.join();
  notifier.join();
  check(s.done.load() == 2, "both threads finished");
}

LOCKSTEP_MODEL("test/no-allocation", "Shared, Atomic, Lock, Condition and yield only") { waiter_and_notifier(true); }

// The yield lets the waiter always lock first, which dpor sees as one execution per value;
// without it the critical sections run in either order (the waiter blocked in wait, or not
// waiting at all): several executions per value, with races reversed, wakeup trees grown
// and pruned, and a blocked thread's pending operation analyzed.
LOCKSTEP_MODEL("test/no-allocation-races", "test/no-allocation where either thread may lock first") {
  waiter_and_notifier(false);
}

// Whatever an exploration allocates up front (the execution's tables, the first paths),
// 2000 executions allocate exactly as much as 1000: nothing per execution or per step.
// A first short run fills what the OS thread keeps across runs (its stack pool).
TEST(Allocation, NonePerExecutionOnceWarmUnderDfs) {
  allocations_of("test/no-allocation", "dfs", 10);
  const std::uint64_t first = allocations_of("test/no-allocation", "dfs", 1000);
  const std::uint64_t both = allocations_of("test/no-allocation", "dfs", 2000);
  EXPECT_EQ(both, first) << (both - first) << " allocations in executions 1001..2000";
}

// The same under dpor: its scheduling points, events, wakeup trees and analysis reuse what
// the first executions grew.
TEST(Allocation, NonePerExecutionOnceWarmUnderDpor) {
  allocations_of("test/no-allocation-races", "dpor", 10);
  const std::uint64_t first = allocations_of("test/no-allocation-races", "dpor", 1000);
  const std::uint64_t both = allocations_of("test/no-allocation-races", "dpor", 2000);
  EXPECT_EQ(both, first) << (both - first) << " allocations in executions 1001..2000";
}

}  // namespace
