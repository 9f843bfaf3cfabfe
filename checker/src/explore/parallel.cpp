#include "explore/parallel.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "explore/dfs.hpp"
#include "explore/publication.hpp"
#include "fiber/fault_guard.hpp"

namespace lockstep::detail {
namespace {

using Clock = std::chrono::steady_clock;

// What one worker explored of one unit.
struct UnitCount {
  std::uint64_t unit;
  std::uint64_t executions = 0;
  std::uint64_t steps = 0;
};

// Each worker's own state, on cache lines of its own (the workers write theirs all the time).
struct alignas(64) Worker {
  std::vector<UnitCount> units;  // in increasing unit order
  double cpu_s = 0;
  TreeEstimator estimator;
  bool complete = false;
  std::optional<Params> declared;
  std::exception_ptr error;
};

// What the workers share. Executions take well under a microsecond on small models, so a
// write to a cache line every worker reads at every execution made each of them wait for the
// other's core to hand the line back: the flags read at every execution sit on a line written
// only when a run stops or fails, the totals on lines of their own, added to in batches.
struct Shared {
  Partition partition;
  alignas(64) std::atomic<bool> stop{false};  // a bound was reached
  std::atomic<bool> cut{false};               // an execution was cut at the step limit (step_limit_cuts)
  std::atomic<bool> out_of_time{false};       // the bound reached was the time limit
  // The first failing unit found so far: units after it are not explored (a single thread
  // would have stopped before them).
  std::atomic<std::uint64_t> cutoff{std::numeric_limits<std::uint64_t>::max()};
  // Executions and steps counted by all workers: exact at every execution under
  // --max-executions (the bound is checked against it), else added every kBatch executions.
  alignas(64) std::atomic<std::uint64_t> executions{0};
  std::atomic<std::uint64_t> steps{0};
  alignas(64) std::mutex found_mutex;
  std::optional<FailingSchedule> found;
  std::uint64_t found_unit = 0;
};

// Without --max-executions, a worker adds to the shared totals this often: they only feed
// the progress line and the supervisor's counts, which may lag a little.
constexpr std::uint64_t kBatch = 64;

void note_failure(Shared& shared, std::uint64_t unit, FailingSchedule&& f) {
  std::lock_guard lock(shared.found_mutex);
  if (shared.found && shared.found_unit <= unit) return;
  shared.found = std::move(f);
  shared.found_unit = unit;
  std::uint64_t cutoff = shared.cutoff.load();
  while (unit < cutoff && !shared.cutoff.compare_exchange_weak(cutoff, unit)) {
  }
}

bool cut_not_failed(const Failure& f, const ParallelOptions& o, const Execution& execution) {
  return o.step_limit_cuts && execution.steps().size() >= o.max_steps &&
         (f.kind == FailureKind::step_limit || f.kind == FailureKind::livelock);
}

void work(const ModelInfo& model, const ExecutionConfig& config, const ParallelOptions& o, Shared& shared,
          Worker& me, bool reports_progress) {
  FaultGuard::prepare_this_thread();
  Execution execution(model, config, StackPool::of_this_thread());
  DfsStrategy dfs(o.preemption_bound);
  dfs.set_partition(&shared.partition);
  double last_progress = 0;
  bool stopped = false;
  std::uint64_t owned = 0;  // executions this worker counted
  std::uint64_t unadded = 0;  // ...of which not yet added to shared.executions (no --max-executions)
  std::uint64_t unadded_steps = 0;
  const bool exact_bound = o.max_executions != 0;
  TreeProbe probe;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - o.start).count(); };
  while (dfs.next_execution()) {
    if (o.time_limit_s > 0 && elapsed() >= o.time_limit_s) shared.stop = shared.out_of_time = true;
    if (shared.stop.load(std::memory_order_relaxed) || dfs.unit() > shared.cutoff.load(std::memory_order_relaxed)) {
      stopped = true;
      break;
    }
    auto failure = execution.run(dfs);
    if (execution.out_of_time()) {  // cut inside at the time limit
      shared.stop = shared.out_of_time = true;
      stopped = true;
      break;
    }
    if (!dfs.owns_execution()) continue;
    const std::uint64_t steps = execution.steps().size();
    const bool batch_end = ++owned % kBatch == 0;
    std::uint64_t total = 0;  // every worker's executions so far, as far as this one knows
    if (exact_bound) {
      total = shared.executions.fetch_add(1, std::memory_order_relaxed) + 1;
      if (total > o.max_executions) {
        shared.stop = true;  // this one is past the bound: a single thread would not have run it
        stopped = true;
        break;
      }
      shared.steps.fetch_add(steps, std::memory_order_relaxed);
    } else {
      ++unadded;
      unadded_steps += steps;
      if (batch_end) {
        shared.executions.fetch_add(unadded, std::memory_order_relaxed);
        shared.steps.fetch_add(unadded_steps, std::memory_order_relaxed);
        unadded = unadded_steps = 0;
      }
      total = shared.executions.load(std::memory_order_relaxed) + unadded;
    }
    if (me.units.empty() || me.units.back().unit != dfs.unit()) me.units.push_back({dfs.unit()});
    ++me.units.back().executions;
    me.units.back().steps += steps;
    if (!me.declared) me.declared = execution.declared_params();
    if (o.publication != nullptr) {  // the supervisor's heartbeat: moves at every execution
      o.publication->executions.store(total, std::memory_order_relaxed);
      if (batch_end) {
        o.publication->total_steps.store(shared.steps.load(std::memory_order_relaxed), std::memory_order_relaxed);
        if (reports_progress) {  // the progress line's depth and estimate: this worker's
          o.publication->steps.store(steps, std::memory_order_relaxed);
          if (auto e = me.estimator.estimate()) o.publication->estimate.store(e->executions, std::memory_order_relaxed);
        }
      }
    }
    if (failure && cut_not_failed(*failure, o, execution)) {
      shared.cut = true;  // cut, not failed: what lies beyond is unexplored
      failure.reset();
    }
    if (failure) {
      note_failure(shared, dfs.unit(), {std::move(*failure), execution.choices(), execution.preemptions()});
      stopped = true;
      break;
    }
    if (reports_progress && batch_end && o.progress != nullptr && *o.progress) {
      if (const double now = elapsed(); now - last_progress >= 0.1) {
        last_progress = now;
        const auto e = me.estimator.estimate();
        (*o.progress)({total, now, steps, e ? e->executions : 0});
      }
    }
    if (TreeProbe::due(owned)) probe.run(execution, me.estimator);
  }
  me.complete = !stopped && dfs.complete();
  timespec cpu{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
  me.cpu_s = static_cast<double>(cpu.tv_sec) + 1e-9 * static_cast<double>(cpu.tv_nsec);
}

}  // namespace

ParallelRun explore_in_parallel(const ModelInfo& model, const ExecutionConfig& config, const ParallelOptions& o) {
  Shared shared;
  shared.partition.shard = o.shard;
  shared.partition.shards = o.shards;
  shared.partition.shared = true;
  std::vector<Worker> workers(static_cast<std::size_t>(o.jobs));
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < workers.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          work(model, config, o, shared, workers[i], i == 0);
        } catch (...) {
          workers[i].error = std::current_exception();
          shared.stop = true;
        }
      });
    }
  }
  ParallelRun run;
  run.complete = true;
  for (Worker& w : workers) {
    if (w.error) std::rethrow_exception(w.error);
    run.complete &= w.complete;
    run.estimator.merge(w.estimator);
    run.worker_cpu_s.push_back(w.cpu_s);
    if (w.declared && run.declared.empty()) run.declared = *w.declared;
    for (const UnitCount& u : w.units) {
      // The units after the first failing one: a single thread would have stopped before.
      if (shared.found && u.unit > shared.found_unit) continue;
      run.executions += u.executions;
      run.steps += u.steps;
    }
  }
  run.found = std::move(shared.found);
  run.found_unit = shared.found_unit;
  run.bounded = (shared.stop.load() || shared.cut.load()) && !run.found;
  run.out_of_time = shared.out_of_time.load() && !run.found;
  if (run.found) run.complete = false;
  return run;
}

}  // namespace lockstep::detail
