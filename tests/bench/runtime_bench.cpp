// The runtime's own costs: nanoseconds per visible step on step-heavy executions, and the
// peak memory across a million executions (it must stay flat once warm).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdint>
#include <lockstep/lockstep.hpp>
#include <lockstep/run.hpp>

#include "bench.hpp"

using namespace lockstep;

// Two threads storing `stores` times each into a variable of their own (no data race).
template <template <class> class Variable>
void two_storers() {
  struct State {
    int stores = param("stores", 1000);
    Variable<int> x{0};
    Variable<int> y{0};
  } s;
  Thread a("a", [&s] {
    for (int i = 0; i < s.stores; ++i) s.x.store(i);
  });
  Thread b("b", [&s] {
    for (int i = 0; i < s.stores; ++i) s.y.store(i);
  });
}

// Every Atomic store is a scheduling point where both threads are enabled, and dfs keeps the
// running thread until its backtracking point: the step path alone, without a fiber switch.
LOCKSTEP_MODEL("microbench/stores", "two threads, many Atomic stores each") { two_storers<Atomic>(); }

// Shared accesses are traced and race-checked but are not scheduling points: the cost of one
// such access. choose(20) gives it the 20 executions the stores model gets from its
// scheduling points.
LOCKSTEP_MODEL("microbench/shared", "two threads, many Shared stores each") {
  choose(20);
  two_storers<Shared>();
}

// Two threads yielding to each other: the fair-yield rule alternates them, so every step
// also switches to the other thread's fiber.
LOCKSTEP_MODEL("microbench/yields", "two threads taking turns with yield()") {
  const int yields = param("yields", 1000);
  auto body = [yields] {
    for (int i = 0; i < yields; ++i) this_thread::yield();
  };
  Thread a("a", body);
  Thread b("b", body);
}

// A million small executions: 1000 x 1000 choose() values, each execution spawning a
// thread that takes a Lock and stores into a Shared while the main thread does the same.
LOCKSTEP_MODEL("microbench/churn", "many tiny executions with a thread, a Lock and a Shared") {
  struct State {
    int a = choose(1000);
    int b = choose(1000);
    Lock m;
    Shared<int> x{0};
  } s;
  Thread t("t", [&s] {
    auto g = s.m.lock();
    s.x.store(s.a);
  });
  auto g = s.m.lock();
  s.x.store(s.b);
}

namespace lockstep::bench {
namespace {

// Each iteration explores the first 20 executions of a step-heavy model (every one about
// 2 x range(0) steps long), so the tables are warm after the first; ns_per_step divides the
// CPU time by the steps taken.
void steps(benchmark::State& state, const char* model, const char* param) {
  const RunOptions run_options = options("dfs", 20, {{param, static_cast<int>(state.range(0))}});
  std::uint64_t total = 0;
  double seconds = 0;
  for (auto _ : state) {
    const double start = cpu_seconds();
    RunResult r = run(*find_model(model), run_options);
    seconds += cpu_seconds() - start;
    if (r.failure) state.SkipWithError("the model failed");
    total += r.steps;
  }
  state.counters["steps"] = static_cast<double>(total);
  state.counters["ns_per_step"] = total == 0 ? 0 : seconds * 1e9 / static_cast<double>(total);
}

long peak_rss_kb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Peak RSS after 1000 executions, then after 1,000,000 in one exploration: flat means the
// second figure is the first one.
void memory(benchmark::State& state) {
  const ModelInfo& model = *find_model("microbench/churn");
  for (auto _ : state) {
    run(model, options("dfs", 1000));
    const long warm = peak_rss_kb();
    const double start = cpu_seconds();
    RunResult r = run(model, options("dfs", 1'000'000));
    const double seconds = cpu_seconds() - start;
    const long after = peak_rss_kb();
    state.counters["executions"] = static_cast<double>(r.executions);
    state.counters["rss_kb_1k"] = static_cast<double>(warm);
    state.counters["rss_kb_1M"] = static_cast<double>(after);
    state.counters["execs_per_s"] = static_cast<double>(r.executions) / seconds;
  }
}

}  // namespace

void register_memory_benchmarks() {
  benchmark::RegisterBenchmark("memory/churn-1M", memory)->Iterations(1)->Unit(benchmark::kMillisecond);
}

void register_step_benchmarks() {
  benchmark::RegisterBenchmark("step/store", steps, "microbench/stores", "stores")
      ->Arg(1000)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("step/yield", steps, "microbench/yields", "yields")
      ->Arg(1000)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("step/shared", steps, "microbench/shared", "stores")
      ->Arg(1000)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace lockstep::bench
