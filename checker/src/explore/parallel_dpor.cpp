// dpor --jobs N (see parallel_dpor.hpp): the coordinator, which runs the sequential dpor and
// splices in the subtrees the workers explored apart, and the workers.
#include "explore/parallel_dpor.hpp"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "explore/dpor.hpp"
#include "explore/publication.hpp"
#include "fiber/fault_guard.hpp"

namespace lockstep::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double cpu_seconds(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// A subtree's DporStrategy, its prefix forced.
class Apart final : public Strategy {
 public:
  Apart(DporStrategy& dpor, const std::vector<int>& choices) : dpor_(dpor), choices_(choices) {}
  bool next_execution() override {
    position_ = 0;
    return dpor_.next_execution();
  }
  ThreadId pick(const SchedulingPoint& point) override {
    if (position_ < choices_.size()) {
      const int t = choices_[position_++];
      if (t < 0 || t >= kMaxThreads || (point.enabled & bit(t)) == 0) {
        throw Divergence{"at scheduling point " + std::to_string(position_) +
                         " the set of runnable threads differs from the recorded one"};
      }
      dpor_.force(t);
    }
    return dpor_.pick(point);
  }
  int choose(int n) override {
    if (position_ < choices_.size()) dpor_.force(choices_[position_++]);
    return dpor_.choose(n);
  }
  bool complete() const override { return dpor_.complete(); }

 private:
  DporStrategy& dpor_;
  const std::vector<int>& choices_;
  std::size_t position_ = 0;
};

struct Tally {  // after a counted execution of a subtree: what came with it
  std::uint64_t redundant;
  std::uint64_t pruned;
  std::uint64_t steps;
};

struct Task {
  enum class State { queued, running, done };
  DporStrategy::Subtree input;
  State state = State::queued;  // under Shared::mutex
  std::atomic<bool> cancelled{false};
  // Explored to its end, its first failure, or --max-executions: committable.
  bool finished = false;
  DporStrategy::SplitLog log;
  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;
  std::uint64_t pruned = 0;
  std::uint64_t steps = 0;
  bool cut = false;
  std::vector<Tally> tallies;  // with --max-executions: one per counted execution
  std::optional<FailingSchedule> failure;
  std::exception_ptr error;
  clockid_t cpu_clock = CLOCK_THREAD_CPUTIME_ID;  // of the thread that explored it
  double cpu_end = 0;                             // its CPU time when it was done
};

struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Task*> queue;
  bool quit = false;
  std::atomic<bool> stop{false};  // --time-limit
};

bool cut_not_failed(const Failure& f, const ParallelOptions& o, const Execution& execution) {
  return o.step_limit_cuts && execution.steps().size() >= o.max_steps &&
         (f.kind == FailureKind::step_limit || f.kind == FailureKind::livelock);
}

// Explores a task's subtree as the sequential run would, counting as its driver loop counts.
void explore(Task& t, Execution& execution, const ParallelOptions& o, Shared& shared) {
  DporStrategy dpor;
  dpor.explore_apart(t.input, t.log);
  Apart apart(dpor, t.input.choices);
  while (apart.next_execution()) {
    if (t.cancelled.load(std::memory_order_relaxed) || shared.stop.load(std::memory_order_relaxed)) return;
    if (o.time_limit_s > 0 && seconds_since(o.start) >= o.time_limit_s) {
      shared.stop = true;
      return;
    }
    auto failure = execution.run(apart);
    ++(execution.abandoned() ? t.redundant : execution.pruned() ? t.pruned : t.executions);
    t.steps += execution.steps().size();
    const bool counted = !execution.abandoned() && !execution.pruned();
    if (counted && o.max_executions != 0) t.tallies.push_back({t.redundant, t.pruned, t.steps});
    if (failure && cut_not_failed(*failure, o, execution)) {
      t.cut = true;
      failure.reset();
    }
    if (failure) {
      t.failure = FailingSchedule{std::move(*failure), execution.choices(), execution.preemptions()};
      break;
    }
    if (counted && o.max_executions != 0 && t.executions >= o.max_executions) break;
  }
  t.finished = true;
}

// explore(), its error kept for whoever commits the task, then the task marked done (by a
// worker or by the coordinator, which explores a task itself rather than wait idle).
void run(Task& t, Execution& execution, const ParallelOptions& o, Shared& shared) {
  try {
    explore(t, execution, o, shared);
  } catch (...) {
    t.error = std::current_exception();
  }
  std::lock_guard lock(shared.mutex);
  t.cpu_end = cpu_seconds(t.cpu_clock);
  t.state = Task::State::done;
}

// Takes the queued task whose node is deepest: the coordinator reaches it soonest.
Task* take(Shared& shared) {
  auto it = std::max_element(shared.queue.begin(), shared.queue.end(), [](const Task* a, const Task* b) {
    return a->input.choices.size() < b->input.choices.size();
  });
  Task* t = *it;
  shared.queue.erase(it);
  t->state = Task::State::running;
  ::pthread_getcpuclockid(::pthread_self(), &t->cpu_clock);
  return t;
}

void work(const ModelInfo& model, const ExecutionConfig& config, const ParallelOptions& o, Shared& shared) {
  FaultGuard::prepare_this_thread();
  Execution execution(model, config, StackPool::of_this_thread());
  for (;;) {
    Task* t = nullptr;
    {
      std::unique_lock lock(shared.mutex);
      shared.changed.wait(lock, [&] { return shared.quit || !shared.queue.empty(); });
      if (shared.quit) return;
      t = take(shared);
    }
    run(*t, execution, o, shared);
    shared.changed.notify_all();
  }
}

// The sequential run's side: at each backtrack, hands branches waiting on its stack to idle
// workers, and commits the subtree of the branch it is about to take when one was explored
// from exactly the state it has there.
class Coordinator final : public DporStrategy::Splicer {
 public:
  Coordinator(const ParallelOptions& o, Shared& shared, Execution& execution)
      : o_(o), shared_(shared), execution_(execution) {}

  bool splice(DporStrategy& dpor) override;

  std::uint64_t executions = 0;
  std::uint64_t redundant = 0;
  std::uint64_t pruned = 0;
  std::uint64_t steps = 0;
  bool cut = false;
  bool stopped = false;  // a failure or --max-executions in a committed subtree
  bool bounded = false;
  std::optional<FailingSchedule> found;
  ParallelRun::Speculation speculation;

 private:
  bool live(const Task& t, const DporStrategy& dpor) const;
  void collect(const DporStrategy& dpor);
  void spawn(const DporStrategy& dpor);
  void add(Task& t);

  const ParallelOptions& o_;
  Shared& shared_;
  Execution& execution_;
  std::vector<std::unique_ptr<Task>> tasks_;    // live, in the order spawned
  std::vector<std::unique_ptr<Task>> retired_;  // cancelled while a worker ran them
  DporStrategy::Subtree key_;
};

// The task's prefix is still this run's stack, and its branch still waits there.
bool Coordinator::live(const Task& t, const DporStrategy& dpor) const {
  const std::size_t n = t.input.choices.size() - 1;
  if (n >= dpor.depth()) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (dpor.choice_at(i) != t.input.choices[i] || !(dpor.frozen_at(i) == t.input.frozen[i])) return false;
  }
  return (dpor.frozen_at(n).done & bit(t.input.choices[n])) == 0;
}

void Coordinator::collect(const DporStrategy& dpor) {
  std::lock_guard lock(shared_.mutex);
  std::erase_if(retired_, [&](const std::unique_ptr<Task>& t) {
    if (t->state != Task::State::done) return false;
    speculation.discarded_executions += t->executions + t->redundant + t->pruned;
    return true;
  });
  std::erase_if(tasks_, [&](std::unique_ptr<Task>& t) {
    if (live(*t, dpor)) return false;
    ++speculation.discarded;
    speculation.discarded_executions += t->state == Task::State::done ? t->executions + t->redundant + t->pruned : 0;
    t->cancelled = true;
    if (t->state == Task::State::queued) {
      std::erase(shared_.queue, t.get());
    } else if (t->state == Task::State::running) {
      retired_.push_back(std::move(t));
    }
    return true;
  });
}

// Keeps two subtrees per thread waiting or under way: the shallowest branches waiting on the
// stack first, whose subtrees are the largest. Two, because the coordinator spawns nothing
// while it explores a subtree itself (waiting for another), and a worker that finishes
// meanwhile must find the next one queued.
void Coordinator::spawn(const DporStrategy& dpor) {
  std::size_t active = 0;
  {
    std::lock_guard lock(shared_.mutex);
    for (const auto& t : tasks_) active += t->state != Task::State::done ? 1 : 0;
  }
  const auto wanted = 2 * static_cast<std::size_t>(o_.jobs);
  if (active >= wanted || tasks_.size() >= 2 * wanted) return;
  const std::size_t last = dpor.depth() - 1;
  for (std::size_t at = 0; at <= last && active < wanted; ++at) {
    for (std::size_t k = at == last ? 1 : 0; active < wanted && dpor.speculate(at, k, key_); ++k) {
      const int thread = key_.choices.back();
      const bool known = std::any_of(tasks_.begin(), tasks_.end(), [&](const auto& t) {
        return t->input.choices.size() == at + 1 && t->input.choices.back() == thread;
      });
      if (known) continue;
      auto& t = tasks_.emplace_back(std::make_unique<Task>());
      t->input = key_;
      {
        std::lock_guard lock(shared_.mutex);
        shared_.queue.push_back(t.get());
      }
      shared_.changed.notify_one();
      ++active;
    }
  }
}

bool Coordinator::splice(DporStrategy& dpor) {
  if (stopped) return false;
  if (o_.max_executions != 0 && executions >= o_.max_executions) return false;  // the driver loop stops
  collect(dpor);
  spawn(dpor);
  const std::size_t n = dpor.depth() - 1;
  if (tasks_.empty() || !dpor.speculate(n, 0, key_)) return false;
  auto it = std::find_if(tasks_.begin(), tasks_.end(), [&](const auto& t) { return t->input == key_; });
  if (it == tasks_.end()) return false;
  Task& t = **it;
  bool respawned = false;
  for (;;) {
    Task* here = nullptr;
    {
      std::unique_lock lock(shared_.mutex);
      if (t.state == Task::State::done) break;
      if (t.state == Task::State::queued) {
        std::erase(shared_.queue, &t);
        t.state = Task::State::running;
        ::pthread_getcpuclockid(::pthread_self(), &t.cpu_clock);
        here = &t;
      } else if (!shared_.queue.empty()) {
        here = take(shared_);  // rather than wait, explore what comes later
      } else if (!respawned) {
        respawned = true;  // branches that came up since: explore one of them rather than wait
        lock.unlock();
        spawn(dpor);
        continue;
      } else {
        ++speculation.waits;
        const double start = cpu_seconds(t.cpu_clock);  // the awaited worker's CPU time
        shared_.changed.wait(lock);
        speculation.waited_cpu_s += (t.state == Task::State::done ? t.cpu_end : cpu_seconds(t.cpu_clock)) - start;
        continue;
      }
    }
    run(*here, execution_, o_, shared_);
  }
  if (t.error) std::rethrow_exception(t.error);
  if (!t.finished) return false;  // stopped by --time-limit: the driver loop stops
  dpor.commit(t.log);
  ++speculation.committed;
  speculation.committed_executions += t.executions + t.redundant + t.pruned;
  add(t);
  // Found again: spawn() above may have grown tasks_ since `it` was taken.
  std::erase_if(tasks_, [&t](const std::unique_ptr<Task>& p) { return p.get() == &t; });
  return !stopped;
}

// The committed subtree's counts, as the driver loop would have counted its executions.
void Coordinator::add(Task& t) {
  if (o_.max_executions != 0 && executions + t.executions >= o_.max_executions &&
      !(t.failure && executions + t.executions == o_.max_executions)) {
    const Tally& up_to = t.tallies[o_.max_executions - executions - 1];
    executions = o_.max_executions;
    redundant += up_to.redundant;
    pruned += up_to.pruned;
    steps += up_to.steps;
    bounded = true;
    stopped = true;
    return;
  }
  executions += t.executions;
  redundant += t.redundant;
  pruned += t.pruned;
  steps += t.steps;
  cut |= t.cut;
  if (t.failure) {
    found = std::move(t.failure);
    stopped = true;
  }
}

}  // namespace

ParallelRun explore_dpor_in_parallel(Execution& execution, const ModelInfo& model, const ExecutionConfig& config,
                                     const ParallelOptions& o) {
  const double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  Shared shared;
  Coordinator coordinator(o, shared, execution);
  DporStrategy dpor;
  dpor.set_splicer(&coordinator);
  ParallelRun run;
  std::vector<std::jthread> workers;
  struct Join {  // the workers end with this function, however it ends
    Shared& shared;
    std::vector<std::jthread>& workers;
    ~Join() {
      {
        std::lock_guard lock(shared.mutex);
        shared.quit = true;
        shared.stop = true;
      }
      shared.changed.notify_all();
      workers.clear();
    }
  } join{shared, workers};
  for (int i = 1; i < o.jobs; ++i) workers.emplace_back([&] { work(model, config, o, shared); });
  double last_progress = 0;
  bool bounded = false;
  while (dpor.next_execution()) {
    if (coordinator.stopped) break;
    if ((o.max_executions != 0 && coordinator.executions >= o.max_executions) ||
        (o.time_limit_s > 0 && seconds_since(o.start) >= o.time_limit_s) || shared.stop.load()) {
      bounded = true;
      break;
    }
    auto failure = execution.run(dpor);
    ++coordinator.speculation.own_executions;
    ++(execution.abandoned() ? coordinator.redundant : execution.pruned() ? coordinator.pruned : coordinator.executions);
    coordinator.steps += execution.steps().size();
    if (run.declared.empty()) run.declared = execution.declared_params();
    if (failure && cut_not_failed(*failure, o, execution)) {
      coordinator.cut = true;
      failure.reset();
    }
    if (failure) {
      coordinator.found = FailingSchedule{std::move(*failure), execution.choices(), execution.preemptions()};
      break;
    }
    if (o.publication != nullptr) {
      o.publication->executions.store(coordinator.executions, std::memory_order_relaxed);
      o.publication->total_steps.store(coordinator.steps, std::memory_order_relaxed);
      if ((coordinator.speculation.own_executions & 63) == 0) {  // for a supervisor that stops the run
        if (auto e = dpor.own_estimate(coordinator.executions)) o.publication->estimate.store(e->executions, std::memory_order_relaxed);
      }
    }
    const double elapsed = seconds_since(o.start);
    if (o.progress != nullptr && *o.progress && elapsed - last_progress >= 0.1) {
      last_progress = elapsed;
      const auto e = dpor.own_estimate(coordinator.executions);
      (*o.progress)({coordinator.executions, elapsed, execution.steps().size(), e ? e->executions : 0});
    }
  }
  run.executions = coordinator.executions;
  run.redundant = coordinator.redundant;
  run.pruned = coordinator.pruned;
  run.steps = coordinator.steps;
  run.found = std::move(coordinator.found);
  run.bounded = (bounded || coordinator.bounded || coordinator.cut) && !run.found;
  run.complete = dpor.complete() && !run.found;
  run.own_estimate = dpor.own_estimate(run.executions);
  run.speculation = coordinator.speculation;
  run.speculation.coordinator_cpu_s = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  return run;
}

}  // namespace lockstep::detail
