// lockstep_bench's main: runs the benchmarks in a fixed order, then prints the figures of
// docs/performance.md as ratios against baselines measured in this same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <lockstep/run.hpp>
#include <map>
#include <string>
#include <vector>

#include "bench.hpp"

namespace lockstep::bench {
namespace {

// Keeps the fastest repetition of every run by its registered name (the least disturbed by
// the machine's other load: min-of-N, for lockstep and Relacy alike), and prints as the
// console reporter does.
class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      auto [it, inserted] = runs_.try_emplace(r.run_name.function_name, r);
      if (!inserted && r.GetAdjustedCPUTime() < it->second.GetAdjustedCPUTime()) it->second = r;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  const Run* find(const std::string& name) const {
    auto it = runs_.find(name);
    return it == runs_.end() ? nullptr : &it->second;
  }
  double counter(const std::string& name, const std::string& counter) const {
    const Run* r = find(name);
    if (r == nullptr) return 0;
    auto it = r->counters.find(counter);
    return it == r->counters.end() ? 0 : it->second.value;
  }

 private:
  std::map<std::string, Run> runs_;
};

const char* verdict(bool met) { return met ? "met" : "MISSED"; }

void print_summary(const Collector& c) {
  std::printf("\n== lockstep performance summary (%s build; CPU time; ratios against this run's baselines) ==\n",
              LOCKSTEP_BUILD_TYPE);
  double switch_ns = 0;
  if (const auto* r = c.find("fiber/round-trip")) {
    switch_ns = r->GetAdjustedCPUTime() / 2;
    std::printf("raw Boost.Context switch: %.2f ns (round trip %.2f ns)\n", switch_ns, 2 * switch_ns);
  }
  const auto* boost_deep = c.find("fiber/round-trip-3-deep/boost-resume");
  const auto* lockstep_deep = c.find("fiber/round-trip-3-deep/lockstep-switch");
  if (boost_deep != nullptr && lockstep_deep != nullptr) {
    std::printf("switch 3 calls deep: %.2f ns by Boost's resume(), %.2f ns by lockstep's switch_to()\n",
                boost_deep->GetAdjustedCPUTime() / 2, lockstep_deep->GetAdjustedCPUTime() / 2);
  }
  for (const char* name : {"step/store", "step/yield"}) {
    const double ns = c.counter(name, "ns_per_step");
    if (ns == 0 || switch_ns == 0) continue;
    std::printf("%-11s %8.1f ns per visible step = %5.1f raw switches  (target <= 5: %s)\n", name, ns,
                ns / switch_ns, verdict(ns <= 5 * switch_ns));
  }
  if (const double ns = c.counter("step/shared", "ns_per_step"); ns != 0 && switch_ns != 0) {
    std::printf("%-11s %8.1f ns per Shared access (traced, race-checked, not a scheduling point) = %.1f raw switches\n",
                "step/shared", ns, ns / switch_ns);
  }
  if (c.find("memory/churn-1M") != nullptr) {
    const double warm = c.counter("memory/churn-1M", "rss_kb_1k");
    const double after = c.counter("memory/churn-1M", "rss_kb_1M");
    std::printf("peak RSS: %.0f KiB after 1k executions, %.0f KiB after %.0f more (growth %.0f KiB: %s)\n", warm,
                after, c.counter("memory/churn-1M", "executions"), after - warm,
                verdict(after - warm <= 1024));
  }
  const std::string default_strategy = RunOptions{}.strategy;
  std::printf("\n%-22s %-19s %-8s %10s %12s %12s %9s\n", "peer model", "params", "checker", "executions",
              "execs/s", "ms to proof", "vs relacy");
  for (const PeerCase& peer : peer_cases()) {
    const std::string base = "peer/" + peer.model + "/";
    const double relacy_rate = c.counter(base + "relacy", "execs_per_s");
    const double relacy_ms = c.counter(base + "relacy", "ms_to_verdict");
    for (const std::string& s : peer_strategies()) {
      if (c.find(base + s) == nullptr) continue;
      const double rate = c.counter(base + s, "execs_per_s");
      const double ms = c.counter(base + s, "ms_to_verdict");
      std::printf("%-22s %-19s %-8s %10.0f %12.0f %12.3f", peer.model.c_str(), peer.params.c_str(), s.c_str(),
                  c.counter(base + s, "executions"), rate, ms);
      if (relacy_rate == 0) {
        std::printf("\n");
        continue;
      }
      std::printf(" %8.2fx execs/s", rate / relacy_rate);
      if (s == "dfs") std::printf(" (target >= 2: %s)", verdict(rate >= 2 * relacy_rate));
      if (s == default_strategy && ms > 0) {
        std::printf(", proof %.0fx sooner (target >= 10: %s)", relacy_ms / ms, verdict(relacy_ms >= 10 * ms));
      }
      std::printf("\n");
    }
    if (c.find(base + "relacy") == nullptr) continue;
    std::printf("%-22s %-19s %-8s %10.0f %12.0f %12.3f\n", peer.model.c_str(), peer.params.c_str(), "relacy",
                c.counter(base + "relacy", "executions"), relacy_rate, relacy_ms);
  }
}

}  // namespace
}  // namespace lockstep::bench

int main(int argc, char** argv) {
  using namespace lockstep::bench;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_memory_benchmarks();
  register_fiber_benchmarks();
  register_step_benchmarks();
  register_explore_benchmarks();
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  print_summary(collector);
  benchmark::Shutdown();
  return 0;
}
