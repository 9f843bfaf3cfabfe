// lockstep_jobs_bench: the wall-clock speed-up of --jobs N over --jobs 1 for dfs and dpor on
// models of 100k+ executions (issue 21; docs/performance.md, "Parallel exploration"). Wall
// time, not CPU time: the point of --jobs is to finish sooner. The machine's load average is
// printed with the figures, since other processes take cores from the workers.
#include <benchmark/benchmark.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <cstdio>
#include <cstdlib>
#include <lockstep/run.hpp>

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

// The CPU seconds each thread of this process used so far, by thread id, from /proc.
std::map<long, double> thread_cpu() {
  std::map<long, double> out;
  DIR* dir = ::opendir("/proc/self/task");
  if (dir == nullptr) return out;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in(std::string("/proc/self/task/") + e->d_name + "/stat");
    std::string line;
    std::getline(in, line);
    if (line.rfind(')') == std::string::npos) continue;  // the thread ended meanwhile
    // Fields after the command (which may hold spaces): state is the 3rd, utime the 14th.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    double utime = 0;
    double stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[std::atol(e->d_name)] = (utime + stime) / tick;
  }
  ::closedir(dir);
  return out;
}

// Watches the threads of this process while an exploration runs: the most CPU time any one
// of them (but the watcher) used is the run's critical path, what its wall time would be on
// idle cores. On this shared machine the kernel's autogroup scheduling gives the whole
// process one share of the CPUs however many threads it has, so wall time alone cannot show
// the speed-up.
class Watcher {
 public:
  Watcher() : start_(thread_cpu()), thread_([this] {
      watcher_ = ::gettid();
      while (!done_.load()) {
        for (const auto& [tid, cpu] : thread_cpu()) seen_[tid] = std::max(seen_[tid], cpu);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }) {}
  // Stops watching: the most CPU time a thread other than `except` used meanwhile.
  double busiest(long except) {
    done_ = true;
    thread_.join();
    for (const auto& [tid, cpu] : thread_cpu()) seen_[tid] = std::max(seen_[tid], cpu);
    double most = 0;
    for (const auto& [tid, cpu] : seen_) {
      if (tid != except && tid != watcher_) most = std::max(most, cpu - start_[tid]);
    }
    return most;
  }

 private:
  std::map<long, double> start_;
  std::map<long, double> seen_;  // written by the watching thread only, read after it ended
  std::atomic<bool> done_{false};
  long watcher_ = 0;
  std::thread thread_;
};

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
    state.PauseTiming();
    Watcher watcher;
    const double cpu_before = thread_cpu_now();
    state.ResumeTiming();
    const lockstep::RunResult last = lockstep::run(*model, options);
    state.PauseTiming();
    // jobs 1 explores on this thread; dfs with jobs N on its workers (this thread only waits).
    const double own = thread_cpu_now() - cpu_before;
    const double busiest = watcher.busiest(::gettid());
    critical = jobs == 1 ? own : busiest;
    passed = last.verdict == lockstep::Verdict::pass;
    executions = last.executions;
    state.ResumeTiming();
  }
  state.counters["critical_path_s"] = critical;
  if (!passed) state.SkipWithError("not a complete, passing exploration");
  state.counters["executions"] = static_cast<double>(executions);
}

// Keeps the fastest repetition of each benchmark (the least disturbed by other load).
class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      const double critical = r.counters.count("critical_path_s") ? r.counters.at("critical_path_s").value : 0;
      auto [it, inserted] = best_.try_emplace(r.run_name.function_name, Best{r.GetAdjustedRealTime(), critical});
      if (!inserted && r.GetAdjustedRealTime() < it->second.wall_ms) it->second.wall_ms = r.GetAdjustedRealTime();
      if (!inserted && critical < it->second.critical_s) it->second.critical_s = critical;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  struct Best {
    double wall_ms;
    double critical_s;
  };
  Best best(const std::string& name) const {
    auto it = best_.find(name);
    return it == best_.end() ? Best{0, 0} : it->second;
  }

 private:
  std::map<std::string, Best> best_;
};

std::string load_average() {
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) != 3) return "unknown";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<int> jobs = {1, 2};
  for (const Case& c : cases()) {
    for (int j : jobs) {
      benchmark::RegisterBenchmark((std::string("jobs/") + c.name() + "/" + std::to_string(j)).c_str(), explore, c, j)
          ->UseRealTime()
          ->Repetitions(3)
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  const std::string load_before = load_average();
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  std::printf("\n== --jobs speed-up (wall time, fastest of 3; load average before: %s, after: %s) ==\n",
              load_before.c_str(), load_average().c_str());
  std::printf("(critical path: the most CPU time one exploring thread used, i.e. the wall time on idle cores)\n");
  for (const Case& c : cases()) {
    const auto one = collector.best(std::string("jobs/") + c.name() + "/1");
    for (int j : jobs) {
      const auto t = collector.best(std::string("jobs/") + c.name() + "/" + std::to_string(j));
      if (t.wall_ms == 0 || one.wall_ms == 0 || t.critical_s == 0) continue;
      std::printf("%-26s --jobs %d: wall %8.1f ms (speed-up %.2fx), critical path %6.3f s (speed-up %.2fx)\n", c.name().c_str(), j,
                  t.wall_ms, one.wall_ms / t.wall_ms, t.critical_s, one.critical_s / t.critical_s);
    }
  }
  benchmark::Shutdown();
  return 0;
}
