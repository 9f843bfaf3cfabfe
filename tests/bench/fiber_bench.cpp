// The baseline every lockstep figure is divided by: a raw Boost.Context switch between two
// fibers on this machine, in this run.
#include <benchmark/benchmark.h>

#include <boost/context/fiber.hpp>
#include <utility>

#include "bench.hpp"

namespace lockstep::bench {
namespace {

namespace ctx = boost::context;

// Each iteration is a round trip: main -> other -> main, i.e. two switches.
void fiber_switch(benchmark::State& state) {
  bool done = false;
  ctx::fiber other{[&done](ctx::fiber&& main) {
    while (!done) main = std::move(main).resume();
    return std::move(main);
  }};
  other = std::move(other).resume();  // runs to its first switch back
  for (auto _ : state) other = std::move(other).resume();
  done = true;
  other = std::move(other).resume();
  state.counters["switches"] = benchmark::Counter(static_cast<double>(state.iterations()) * 2);
}

}  // namespace

void register_fiber_benchmarks() {
  benchmark::RegisterBenchmark("fiber/round-trip", fiber_switch)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kNanosecond);
}

}  // namespace lockstep::bench
