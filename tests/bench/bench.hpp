// What the benchmark files share: registration entry points, called by bench_main.cpp in
// the order the benchmarks run, and the names the summary looks results up by.
#pragma once

#include <string>
#include <vector>

#include <time.h>

#include <cstdint>
#include <lockstep/run.hpp>

#include "relacy_peers.hpp"

namespace lockstep::bench {

void register_memory_benchmarks();   // runtime_bench.cpp (first: it reads the peak RSS)
void register_fiber_benchmarks();    // fiber_bench.cpp
void register_step_benchmarks();     // runtime_bench.cpp
void register_explore_benchmarks();  // explore_bench.cpp

// This thread's CPU time: the figures use it rather than wall time, which on a shared,
// busy machine mostly measures the other processes.
inline double cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Runs of the figures the summary compares; it keeps the fastest of them.
inline constexpr int kRepetitions = 3;

// RunOptions for a benchmark (0 executions: no bound); the rest keeps its defaults.
inline RunOptions options(std::string strategy, std::uint64_t max_executions = 0, Params params = {}) {
  RunOptions out;
  out.strategy = std::move(strategy);
  out.max_executions = max_executions;
  out.params = std::move(params);
  return out;
}

// The peer models run by both checkers with the same parameters.
struct PeerCase {
  std::string model;      // lockstep model name
  std::string params;     // as printed, e.g. "items=3"
  PeerResult (*relacy)();  // the same program and parameters under Relacy
};
const std::vector<PeerCase>& peer_cases();
// The strategies compared on the peers: dfs, then dpor when this build has it.
const std::vector<std::string>& peer_strategies();

}  // namespace lockstep::bench
