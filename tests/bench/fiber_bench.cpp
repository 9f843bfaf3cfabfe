// The baseline every lockstep figure is divided by: a raw Boost.Context switch between two
// fibers on this machine, in this run. And the same round trip made three calls deep, as a
// model's thread switches from inside a primitive, by Boost's resume() and by lockstep's
// switch_to() (fiber/switch.hpp): what the return predictor costs.
#include <benchmark/benchmark.h>

#include <boost/context/fiber.hpp>
#include <utility>

#include "bench.hpp"
#include "fiber/switch.hpp"

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

// Two fibers switching to each other through the same three frames; `other` is the one
// suspended. kSwitchTo: lockstep's switch, else Boost's resume().
template <bool kSwitchTo>
struct DeepPingPong {
  ctx::fiber other;
  bool done = false;

  [[gnu::noinline]] void hop() {
    if constexpr (kSwitchTo) {
      other = detail::switch_to(std::move(other));
    } else {
      other = std::move(other).resume();
    }
    benchmark::ClobberMemory();  // keeps each call a call, not a jump
  }
  [[gnu::noinline]] void two_deep() {
    hop();
    benchmark::ClobberMemory();
  }
  [[gnu::noinline]] void three_deep() {
    two_deep();
    benchmark::ClobberMemory();
  }
};

template <bool kSwitchTo>
void deep_round_trip(benchmark::State& state) {
  DeepPingPong<kSwitchTo> p;
  p.other = ctx::fiber{[&p](ctx::fiber&& main) {
    p.other = std::move(main);
    while (!p.done) p.three_deep();
    return std::move(p.other);
  }};
  p.three_deep();  // starts the other fiber, which switches back
  for (auto _ : state) p.three_deep();
  p.done = true;
  p.three_deep();  // the other fiber ends
  state.counters["switches"] = benchmark::Counter(static_cast<double>(state.iterations()) * 2);
}

}  // namespace

void register_fiber_benchmarks() {
  benchmark::RegisterBenchmark("fiber/round-trip", fiber_switch)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("fiber/round-trip-3-deep/boost-resume", deep_round_trip<false>)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("fiber/round-trip-3-deep/lockstep-switch", deep_round_trip<true>)
      ->Repetitions(kRepetitions)
      ->Unit(benchmark::kNanosecond);
}

}  // namespace lockstep::bench
