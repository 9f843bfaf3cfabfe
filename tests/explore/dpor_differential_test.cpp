// dpor (and, on the registered models, bounded with an unreachable bound) against the naive
// oracle dfs: on every registered model and on several hundred
// small random programs over every primitive, both reach the same set of outcomes (failure
// kinds, and for passing executions of the random programs the final states), exploring
// the whole state space without stopping at a failure; dpor never runs more executions.
// A program with a data race is the exception: both must find the race, but what its
// racy executions go on to do is not compared (Shared accesses are not scheduling points,
// and dpor does not reorder them; the race is the verdict).
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <lockstep/condvar.hpp>
#include <lockstep/event.hpp>
#include <lockstep/latch.hpp>
#include <lockstep/shared_mutex.hpp>
#include <lockstep/lockstep.hpp>
#include <lockstep/semaphore.hpp>

#include "explore/dfs.hpp"
#include "explore/dpor.hpp"
#include "fiber/fault_guard.hpp"
#include "runtime/execution.hpp"

namespace lockstep {
namespace {

struct Exploration {
  std::set<std::string> outcomes;
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;
  bool complete = false;
};

// Set by the random program's body when it ends: its final state.
std::string final_state;

// Runs every execution `strategy` asks for, failing ones included, up to `budget`.
Exploration explore(const ModelInfo& model, detail::Strategy& strategy, std::uint64_t budget) {
  detail::StackPool stacks;
  detail::FaultGuard guard;
  detail::Execution execution(model, {.params = {}, .max_steps = 2000, .spurious_wakeups = false}, stacks);
  Exploration out;
  while (strategy.next_execution()) {
    if (out.executions + out.redundant >= budget) return out;
    final_state.clear();
    auto failure = execution.run(strategy);
    if (execution.abandoned()) {
      ++out.redundant;
      continue;
    }
    ++out.executions;
    out.outcomes.insert(failure ? std::string(to_string(failure->kind)) : "pass " + final_state);
  }
  out.complete = strategy.complete();
  return out;
}

// The outcomes both strategies must agree on: all of them, or only the race.
std::set<std::string> verdicts(const std::set<std::string>& outcomes) {
  if (outcomes.contains("data_race")) return {"data_race"};
  return outcomes;
}

std::string describe(const std::set<std::string>& outcomes) {
  std::string s;
  for (const auto& o : outcomes) s += "\n  " + o;
  return s;
}

// ---- Registered models -----------------------------------------------------------------

constexpr std::uint64_t kDfsBudget = 40000;

class RegisteredModel : public ::testing::TestWithParam<std::string> {};

// dpor, and bounded with a bound no schedule reaches, against dfs.
TEST_P(RegisteredModel, StrategiesReachWhatDfsReaches) {
  const ModelInfo* model = find_model(GetParam());
  ASSERT_NE(model, nullptr);
  detail::DfsStrategy dfs;
  const Exploration oracle = explore(*model, dfs, kDfsBudget);
  if (!oracle.complete) GTEST_SKIP() << GetParam() << ": more than " << kDfsBudget << " dfs executions";
  detail::DfsStrategy bounded(1000);
  const Exploration all_preemptions = explore(*model, bounded, kDfsBudget);
  EXPECT_TRUE(all_preemptions.complete);
  EXPECT_EQ(all_preemptions.outcomes, oracle.outcomes);
  EXPECT_EQ(all_preemptions.executions, oracle.executions);
  detail::DporStrategy dpor;
  const Exploration reduced = explore(*model, dpor, kDfsBudget);
  ASSERT_TRUE(reduced.complete);
  EXPECT_EQ(verdicts(reduced.outcomes), verdicts(oracle.outcomes)) << "dpor:" << describe(reduced.outcomes) << "\ndfs:"
                                               << describe(oracle.outcomes);
  EXPECT_LE(reduced.executions, oracle.executions);
}

std::vector<std::string> registered_names() {
  std::vector<std::string> names;
  for (const ModelInfo* m : models()) {
    // Models that exist to hit the step limit or the CPU watchdog run to a bound, not to an
    // outcome a reduction could change; they only cost time here.
    if (m->expected == FailureKind::step_limit) continue;
    names.emplace_back(m->name);
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Models, RegisteredModel, ::testing::ValuesIn(registered_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// ---- Random programs -------------------------------------------------------------------

enum class Instr : std::uint8_t {
  lock_section, rlock_nested, try_lock, wait, wait_timed, wait_zero, wait_on_lock, notify, notify_all,
  put, get, get_timed, try_get, empty, size, load, store, atomic_load, atomic_store, exchange,
  compare_exchange, fetch_add, yield, choose, sem_acquire, sem_acquire_timed, sem_release,
  event_set, event_clear, event_is_set, event_wait_timed,
  // ---- C++ primitives and model calls (prims-cpp) ----
  rw_write, rw_read, rw_try, latch_count_down, latch_try_wait, latch_wait, condvar_wait, condvar_wait_for,
  condvar_notify, fetch_sub, fetch_or, fetch_xor, cas_weak, atomic_block, assume_not,
  count_
};

struct Step {
  Instr instr;
  int object;  // which of two objects of its kind
  int value;
};

struct Program {
  std::vector<std::vector<Step>> threads;
};

Program program;  // what the random model body interprets

Program generate(std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto below = [&rng](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
  Program p;
  const int threads = 2 + below(3);
  for (int t = 0; t < threads; ++t) {
    std::vector<Step> steps;
    const int n = 1 + below(threads == 2 ? 3 : threads == 3 ? 2 : 1);  // small enough for dfs
    for (int i = 0; i < n; ++i) {
      steps.push_back({static_cast<Instr>(below(static_cast<int>(Instr::count_))), below(2), 1 + below(3)});
    }
    p.threads.push_back(std::move(steps));
  }
  return p;
}

// The random model's objects: two of each kind.
struct World {
  Lock locks[2];
  RLock rlock;
  Condition cv;
  Condition cv_on_lock{locks[1]};
  Queue<int> queue;
  Queue<int> bounded{1};
  Shared<int> shared[2];
  Atomic<int> atomics[2];
  Semaphore sem{1};
  Event event;
  SharedMutex rw;
  Latch latch{2};
  Lock cv_lock;
  CondVar condvar;
};

// One access inside a critical section: keeps Shared variables mostly race-free.
void touch(World& w, int object, int value, std::uint64_t& seen) {
  Shared<int>& x = w.shared[object];
  seen = seen * 31 + static_cast<std::uint64_t>(x.load());
  x.store(x.load() + value);
}

void interpret(World& w, const std::vector<Step>& steps, std::uint64_t& seen) {
  auto observe = [&seen](std::int64_t v) { seen = seen * 31 + static_cast<std::uint64_t>(v); };
  for (const Step& s : steps) {
    Queue<int>& q = s.object == 0 ? w.queue : w.bounded;
    Atomic<int>& a = w.atomics[s.object];
    switch (s.instr) {
      case Instr::lock_section: {
        auto g = w.locks[s.object].lock();
        touch(w, s.object, s.value, seen);
        break;
      }
      case Instr::rlock_nested: {
        auto outer = w.rlock.lock();
        auto inner = w.rlock.lock();
        touch(w, s.object, s.value, seen);
        break;
      }
      case Instr::try_lock:
        if (w.locks[s.object].acquire(false)) {
          touch(w, s.object, s.value, seen);
          w.locks[s.object].release();
        } else {
          observe(-1);
        }
        break;
      case Instr::wait:
      case Instr::wait_timed:
      case Instr::wait_zero: {
        auto g = w.cv.lock();
        if (w.shared[0].load() == 0) {
          const int timeout = s.instr == Instr::wait ? -1 : s.instr == Instr::wait_timed ? 1 : 0;
          if (timeout < 0) {
            w.cv.wait(g);
          } else {
            observe(w.cv.wait(g, timeout));
          }
        }
        break;
      }
      case Instr::wait_on_lock: {
        auto g = w.locks[1].lock();
        observe(w.cv_on_lock.wait(g, 1));
        break;
      }
      case Instr::notify:
      case Instr::notify_all: {
        Condition& cv = s.object == 0 ? w.cv : w.cv_on_lock;
        auto g = cv.lock();
        if (s.object == 0) w.shared[0].store(s.value);
        if (s.instr == Instr::notify) {
          cv.notify();
        } else {
          cv.notify_all();
        }
        break;
      }
      case Instr::put: q.put(s.value); break;
      case Instr::get: observe(q.get()); break;
      case Instr::get_timed: observe(q.get(1).value_or(-1)); break;
      case Instr::try_get: observe(q.try_get().value_or(-1)); break;
      case Instr::empty: observe(q.empty()); break;
      case Instr::size: observe(static_cast<std::int64_t>(q.size())); break;
      case Instr::load: observe(w.shared[s.object].load()); break;
      case Instr::store: w.shared[s.object].store(s.value); break;
      case Instr::atomic_load: observe(a.load()); break;
      case Instr::atomic_store: a.store(s.value); break;
      case Instr::exchange: observe(a.exchange(s.value)); break;
      case Instr::compare_exchange: {
        int expected = s.value - 1;
        observe(a.compare_exchange(expected, s.value));
        observe(expected);
        break;
      }
      case Instr::fetch_add: observe(a.fetch_add(s.value)); break;
      case Instr::yield: this_thread::yield(); break;
      case Instr::choose: observe(choose(2)); break;
      case Instr::sem_acquire: w.sem.acquire(); break;
      case Instr::sem_acquire_timed: observe(w.sem.acquire(1)); break;
      case Instr::sem_release: w.sem.release(); break;
      case Instr::event_set: w.event.set(); break;
      case Instr::event_clear: w.event.clear(); break;
      case Instr::event_is_set: observe(w.event.is_set()); break;
      case Instr::event_wait_timed: observe(w.event.wait(1)); break;
      case Instr::rw_write:
        w.rw.lock();
        touch(w, s.object, s.value, seen);
        w.rw.unlock();
        break;
      case Instr::rw_read:
        w.rw.lock_shared();
        observe(w.shared[s.object].load());
        w.rw.unlock_shared();
        break;
      case Instr::rw_try:
        if (s.object == 0 ? w.rw.try_lock() : w.rw.try_lock_shared()) {
          observe(w.shared[1].load());
          s.object == 0 ? w.rw.unlock() : w.rw.unlock_shared();
        } else {
          observe(-1);
        }
        break;
      case Instr::latch_count_down: w.latch.count_down(); break;
      case Instr::latch_try_wait: observe(w.latch.try_wait()); break;
      case Instr::latch_wait: w.latch.wait(); break;
      case Instr::condvar_wait: {
        auto g = w.cv_lock.lock();
        w.condvar.wait(g);
        break;
      }
      case Instr::condvar_wait_for: {
        auto g = w.cv_lock.lock();
        observe(w.condvar.wait_for(g, 1) == cv_status::timeout);
        break;
      }
      case Instr::condvar_notify:
        if (s.object == 0) {
          w.condvar.notify_one();
        } else {
          w.condvar.notify_all();
        }
        break;
      case Instr::fetch_sub: observe(a.fetch_sub(s.value)); break;
      case Instr::fetch_or: observe(a.fetch_or(s.value)); break;
      case Instr::fetch_xor: observe(a.fetch_xor(s.value)); break;
      case Instr::cas_weak: {
        int expected = s.value - 1;
        observe(a.compare_exchange_weak(expected, s.value));
        observe(expected);
        break;
      }
      case Instr::atomic_block:
        atomically([&] {
          observe(a.load());
          a.store(s.value);
        });
        break;
      case Instr::assume_not: assume(a.load() != s.value); break;
      case Instr::count_: break;
    }
  }
}

// The program, for a failure message: per thread, each step as instr/object/value.
std::string listing(const Program& p) {
  std::string out;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    out += "\n  t" + std::to_string(t) + ":";
    for (const Step& s : p.threads[t]) {
      out += " " + std::to_string(static_cast<int>(s.instr)) + "/" + std::to_string(s.object) + "/" +
             std::to_string(s.value);
    }
  }
  return out;
}

void random_body() {
  World w;
  std::vector<std::uint64_t> seen(program.threads.size(), 0);
  {
    std::vector<Thread> threads;
    threads.reserve(program.threads.size());
    for (std::size_t t = 0; t < program.threads.size(); ++t) {
      threads.emplace_back("t" + std::to_string(t), [&w, &seen, t] { interpret(w, program.threads[t], seen[t]); });
    }
    for (Thread& t : threads) t.join();
  }
  std::string state;
  for (std::uint64_t s : seen) state += std::to_string(s) + " ";
  for (auto& x : w.shared) state += std::to_string(x.load()) + " ";
  for (auto& a : w.atomics) state += std::to_string(a.load()) + " ";
  state += std::to_string(w.queue.size()) + " " + std::to_string(w.bounded.size()) + " " +
           std::to_string(w.event.is_set());
  final_state = state;
}

constexpr int kPrograms = 400;
constexpr std::uint64_t kRandomDfsBudget = 5000;

TEST(DporDifferential, RandomProgramsReachTheSameOutcomesAsDfs) {
  const ModelInfo model{"differential/random", "a random program", std::nullopt, &random_body,
                        std::source_location::current()};
  int compared = 0;
  std::uint64_t dfs_total = 0;
  std::uint64_t dpor_total = 0;
  std::uint64_t redundant = 0;
  for (int seed = 1; seed <= kPrograms; ++seed) {
    program = generate(static_cast<std::uint32_t>(seed));
    detail::DfsStrategy dfs;
    const Exploration oracle = explore(model, dfs, kRandomDfsBudget);
    if (!oracle.complete) continue;
    detail::DporStrategy dpor;
    const Exploration reduced = explore(model, dpor, kRandomDfsBudget);
    ++compared;
    dfs_total += oracle.executions;
    dpor_total += reduced.executions;
    redundant += reduced.redundant;
    ASSERT_TRUE(reduced.complete) << "seed " << seed;
    ASSERT_EQ(verdicts(reduced.outcomes), verdicts(oracle.outcomes))
        << "seed " << seed << "\ndpor:" << describe(reduced.outcomes) << "\ndfs:" << describe(oracle.outcomes)
        << "\nprogram:" << listing(program);
    ASSERT_LE(reduced.executions, oracle.executions) << "seed " << seed;
  }
  // Most programs are small enough for dfs; the comparison is not vacuous.
  EXPECT_GE(compared, kPrograms * 3 / 4);
  EXPECT_LT(dpor_total, dfs_total);
  RecordProperty("compared", compared);
  RecordProperty("dfs_executions", static_cast<int>(dfs_total));
  RecordProperty("dpor_executions", static_cast<int>(dpor_total));
  RecordProperty("dpor_redundant", static_cast<int>(redundant));
}

}  // namespace
}  // namespace lockstep
