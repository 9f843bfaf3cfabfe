// lockstep_jobs_bench: the wall-clock speed-up of --jobs N over --jobs 1 for dfs and dpor on
// models of 100k+ executions (issue 21; docs/performance.md, "Parallel exploration"). Wall
// time, not CPU time: the point of --jobs is to finish sooner. The machine's load average is
// printed with the figures, since other processes take cores from the workers.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <lockstep/run.hpp>

#include "explore/dfs.hpp"
#include "explore/parallel.hpp"
#include "explore/parallel_dpor.hpp"
#include "fiber/fault_guard.hpp"
#include "fiber/stack_pool.hpp"
#include <map>
#include <string>
#include <vector>

namespace {

struct Case {
  const char* strategy;
  const char* model;
  lockstep::Params params;
  std::string name() const { return std::string(strategy) + "/" + model; }
};

const std::vector<Case>& cases() {
  static const std::vector<Case> list = {{"dfs", "bench/lastzero", {{"n", 4}}},
                                         {"dfs", "bench/philosophers", {{"n", 4}}},
                                         {"dpor", "bench/lastzero", {{"n", 15}}},
                                         {"dpor", "bench/lock-increments", {{"threads", 9}}}};
  return list;
}

double thread_cpu_now() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// dpor --jobs N as run() does it, for the coordinator's figures (explore/parallel_dpor.hpp):
// its critical path on free cores is its own CPU time plus what its waits for a worker would
// have lasted there (the worker's CPU time from the start of each wait to the end of the
// subtree awaited). A thread's CPU time alone would leave out those waits.
lockstep::detail::ParallelRun explore_dpor(const lockstep::ModelInfo& model, const lockstep::Params& params, int jobs) {
  using namespace lockstep::detail;
  FaultGuard guard;
  const ExecutionConfig config{.params = params};
  Execution execution(model, config, StackPool::of_this_thread());
  return explore_dpor_in_parallel(execution, model, config,
                                  {.jobs = jobs, .max_steps = config.max_steps});
}

// dfs --jobs N as run() does it, for each worker's CPU time (the largest is the critical path).
lockstep::detail::ParallelRun explore_dfs(const lockstep::ModelInfo& model, const lockstep::Params& params, int jobs) {
  using namespace lockstep::detail;
  FaultGuard guard;
  const ExecutionConfig config{.params = params};
  Execution execution(model, config, StackPool::of_this_thread());  // unused, as in run()
  return explore_in_parallel(model, config,
                             {.jobs = jobs, .preemption_bound = DfsStrategy::kUnbounded, .max_steps = config.max_steps});
}

void explore(benchmark::State& state, const Case& c, int jobs) {
  lockstep::RunOptions options;
  options.strategy = c.strategy;
  options.params = c.params;
  options.jobs = jobs;
  const lockstep::ModelInfo* model = lockstep::find_model(c.model);
  const bool dpor = std::string(c.strategy) == "dpor";
  bool passed = false;
  std::uint64_t executions = 0;
  double critical = 0;
  for (auto _ : state) {
    if (dpor && jobs > 1) {
      const lockstep::detail::ParallelRun p = explore_dpor(*model, c.params, jobs);
      passed = p.complete && !p.found;
      executions = p.executions;
      critical = p.speculation.coordinator_cpu_s + p.speculation.waited_cpu_s;
      state.counters["committed"] = static_cast<double>(p.speculation.committed);
      state.counters["discarded_executions"] = static_cast<double>(p.speculation.discarded_executions);
      state.counters["waited_s"] = p.speculation.waited_cpu_s;
      continue;
    }
    if (jobs > 1) {
      const lockstep::detail::ParallelRun p = explore_dfs(*model, c.params, jobs);
      passed = p.complete && !p.found;
      executions = p.executions;
      critical = *std::max_element(p.worker_cpu_s.begin(), p.worker_cpu_s.end());
      double cpu = 0;
      for (const double w : p.worker_cpu_s) cpu += w;
      state.counters["cpu_s"] = cpu;  // the work done, to compare with --jobs 1's critical path
      continue;
    }
    state.PauseTiming();
    const double cpu_before = thread_cpu_now();
    state.ResumeTiming();
    const lockstep::RunResult last = lockstep::run(*model, options);
    state.PauseTiming();
    critical = thread_cpu_now() - cpu_before;  // jobs 1 explores on this thread
    passed = last.verdict == lockstep::Verdict::pass;
    executions = last.executions;
    state.ResumeTiming();
  }
  state.counters["critical_path_s"] = critical;
  if (!passed) state.SkipWithError("not a complete, passing exploration");
  state.counters["executions"] = static_cast<double>(executions);
}

// Keeps every repetition of each benchmark: the fastest is the least disturbed by other load,
// the median says how typical that was.
class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      Figures& f = figures_[r.run_name.function_name];
      f.wall_ms.push_back(r.GetAdjustedRealTime());
      f.critical_s.push_back(r.counters.count("critical_path_s") ? r.counters.at("critical_path_s").value : 0);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  struct Summary {
    double wall_ms = 0;
    double critical_s = 0;
  };
  Summary best(const std::string& name) const { return summary(name, [](std::vector<double>& v) { return v.front(); }); }
  Summary median(const std::string& name) const {
    return summary(name, [](std::vector<double>& v) { return v[v.size() / 2]; });
  }

 private:
  struct Figures {
    std::vector<double> wall_ms;
    std::vector<double> critical_s;
  };
  template <class Pick>
  Summary summary(const std::string& name, Pick pick) const {
    auto it = figures_.find(name);
    if (it == figures_.end() || it->second.wall_ms.empty()) return {};
    Figures f = it->second;
    std::sort(f.wall_ms.begin(), f.wall_ms.end());
    std::sort(f.critical_s.begin(), f.critical_s.end());
    return {pick(f.wall_ms), pick(f.critical_s)};
  }
  std::map<std::string, Figures> figures_;
};

std::string load_average() {
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) != 3) return "unknown";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

}  // namespace

constexpr int kRepetitions = 5;

int main(int argc, char** argv) {
  const std::vector<int> jobs = {1, 2};
  for (const Case& c : cases()) {
    for (int j : jobs) {
      benchmark::RegisterBenchmark((std::string("jobs/") + c.name() + "/" + std::to_string(j)).c_str(), explore, c, j)
          ->UseRealTime()
          ->Repetitions(kRepetitions)
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  const std::string load_before = load_average();
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  std::printf("\n== --jobs speed-up (fastest and median of %d; load average before: %s, after: %s) ==\n", kRepetitions,
              load_before.c_str(), load_average().c_str());
  std::printf("(critical path: the most CPU time one exploring thread used, i.e. the wall time on idle cores)\n");
  for (const Case& c : cases()) {
    const std::string name = std::string("jobs/") + c.name() + "/";
    const auto one = collector.best(name + "1");
    const auto one_median = collector.median(name + "1");
    for (int j : jobs) {
      const auto t = collector.best(name + std::to_string(j));
      const auto m = collector.median(name + std::to_string(j));
      if (t.wall_ms == 0 || one.wall_ms == 0 || t.critical_s == 0) continue;
      std::printf("%-26s --jobs %d: wall %7.1f ms (%.2fx), median %7.1f ms (%.2fx); critical path %6.3f s (%.2fx), median %6.3f s (%.2fx)\n",
                  c.name().c_str(), j, t.wall_ms, one.wall_ms / t.wall_ms, m.wall_ms, one_median.wall_ms / m.wall_ms,
                  t.critical_s, one.critical_s / t.critical_s, m.critical_s, one_median.critical_s / m.critical_s);
    }
  }
  benchmark::Shutdown();
  return 0;
}
