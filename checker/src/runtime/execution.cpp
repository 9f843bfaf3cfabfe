#include "runtime/execution.hpp"

#include <cxxabi.h>
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <exception>
#include <memory>
#include <new>
#include <typeinfo>
#include <utility>

#include "explore/dpor.hpp"
#include "fiber/fault_guard.hpp"
#include "fiber/sanitizer.hpp"
#include "report/describe.hpp"
#include "report/trace.hpp"
#include "runtime/throw_site.hpp"

namespace lockstep::detail {

constinit thread_local Execution* tls_execution = nullptr;

Execution::Execution(const ModelInfo& model, ExecutionConfig config, StackPool& stacks)
    : model_(model),
      config_(std::move(config)),
      stacks_(stacks),
      threads_(kMaxThreads),
      steps_(1024, config_.max_steps),
      // An Execution runs on the OS thread that made it. ExceptionsInFlight is the layout of
      // the Itanium C++ ABI's record (x86-64 and AArch64 Linux).
      runtime_exceptions_(reinterpret_cast<ExceptionsInFlight*>(abi::__cxa_get_globals())) {
  threads_[0].name = "main";
  threads_[0].body = model_.body;
  objects_.reserve(64);
}

Execution::~Execution() {
  // run() leaves every worker idle: resumed once more, each ends its fiber, which gives its
  // stack back to the pool.
  retiring_ = true;
  for (int id = 0; id < kMaxThreads; ++id) {
    if (workers_[id].fiber) transfer(static_cast<ThreadId>(id));
  }
}

void Execution::reset() {
  thread_count_ = 0;
  object_count_ = 0;
  steps_.clear();
  at_end_.clear();
  failure_.reset();
  failed_in_thread_ = false;
  blocked_.clear();
  hb_.reset();
  running_ = kDriver;
  from_ = kDriver;
  previous_ = -1;
  live_handles_ = 0;
  at_end_done_ = false;
  tearing_down_ = false;
  abandoned_ = false;
  out_of_time_ = false;
  parked_at_end_ = 0;
  unfinished_ = 0;
  fresh_ = 0;
  may_block_ = 0;
  daemons_ = 0;
  yielders_ = 0;
  pruned_ = false;
  only_spurious_ = 0;
  atomic_owner_ = kDriver;
  atomic_depth_ = 0;
}

std::optional<Failure> Execution::run(Strategy& strategy) {
  reset();
  strategy_ = &strategy;
  dfs_ = typeid(strategy) == typeid(DfsStrategy) ? static_cast<DfsStrategy*>(&strategy) : nullptr;
  dpor_ = typeid(strategy) == typeid(DporStrategy) ? static_cast<DporStrategy*>(&strategy) : nullptr;
  tls_execution = this;
  add_thread(std::nullopt);  // main
  // Runs the model: main starts, and the threads switch among themselves until one of
  // them finds the execution over and switches back here.
  transfer(decide());
  // Returned on its own path: an empty optional declared up front would be zeroed whole.
  if (failure_) [[unlikely]] {
    std::optional<Failure> out = render_failure();
    wind_up();
    return out;
  }
  wind_up();
  return std::nullopt;
}

void Execution::tear_down() {
  tearing_down_ = true;
  const std::uint64_t started = unfinished_ & ~fresh_;
  fresh_ = 0;  // never started: nothing to unwind
  // Most executions end with every thread finished: nothing to do.
  if (unfinished_ != 0) [[unlikely]] unwind(started);
}

void Execution::wind_up() {
  // A thread that failed (fail(), a fault) is parked there, its pending op already
  // performed; failures decided at a scheduling point (deadlock, step limit, livelock)
  // leave every pending op real.
  for (std::uint64_t rest = unfinished_ & ~fresh_; rest != 0; rest &= rest - 1) {
    const ThreadId t = lowest(rest);
    const bool failed_here = failed_in_thread_ && t == from_;
    if (!failed_here && !threads_[t].faulted) parked_at_end_ |= bit(t);
  }
  tear_down();
  tls_execution = nullptr;
}

bool Execution::polls_in_vain(ThreadId thread) const {
  const Op& op = threads_[thread].pending;
  if (op.kind == OpKind::yield || op.kind == OpKind::sleep) return true;
  if (op.object == kNoObject || op.object >= object_count_) return false;
  const Object* object = objects_[op.object].object;
  return object != nullptr && object->polls_in_vain(thread, op);
}

bool Execution::op_enabled(ThreadId thread) const {
  const Op& op = threads_[thread].pending;
  if (op.kind == OpKind::join || op.kind == OpKind::join_at_exit) {
    return (unfinished_ & bit(static_cast<int>(op.arg))) == 0;
  }
  const Object* object = objects_[op.object].object;
  if (object == nullptr) return (daemons_ & bit(thread)) == 0;  // a daemon's object is gone: it is done
  return object->enabled(thread, op);
}

inline std::uint64_t Execution::enabled_threads() const {
  const std::uint64_t started = unfinished_ & ~fresh_;
  std::uint64_t raw = started & ~may_block_;
  for (std::uint64_t rest = started & may_block_; rest != 0; rest &= rest - 1) {
    if (op_enabled(lowest(rest))) raw |= rest & -rest;
  }
  // Spurious wake-ups may happen, but nothing promises one: when they are all that is left,
  // the program may hang here (a lost wake-up), so it is a deadlock.
  if (only_spurious_ != 0 && (raw & ~only_spurious_) == 0) [[unlikely]] return 0;
  // Inside atomically() only its thread runs, unless it blocks there (then anyone may).
  if (atomic_owner_ != kDriver && (raw & bit(atomic_owner_)) != 0) [[unlikely]] return bit(atomic_owner_);
  // A thread that made no progress makes none again while another thread that has not moved
  // since is enabled, or could run at some point since (one that two pollers' lock keeps
  // disabled whenever they poll): that one goes first.
  if ((yielders_ & raw) == 0) return raw;
  std::uint64_t fair = 0;
  for (std::uint64_t rest = raw; rest != 0; rest &= rest - 1) {
    ThreadId t = lowest(rest);
    const ThreadRecord& th = threads_[t];
    if ((th.yields_to & (raw | th.owed)) == 0 || !polls_in_vain(t)) fair |= bit(t);
  }
  return fair != 0 ? fair : raw;
}

ThreadId Execution::decide_otherwise() {
  // While dpor replays the prefix of the previous execution, up to the point it branches at,
  // a deterministic model offers the enabled set recorded there, as for dfs (decide()): only
  // the thread to run is checked, not every blocked one, and dpor is not asked (the point it
  // branches at still is, and compares the whole set). A thread that is not runnable there
  // goes through pick(), which reports the divergence.
  if (dpor_ != nullptr) {
    ThreadId t = 0;
    std::uint64_t recorded = 0;
    if (dpor_->replaying(t, recorded) && runnable(t)) {
      dpor_->replayed(*this, steps_.size());
      return take_replayed(t, recorded);
    }
  }
  const std::uint64_t enabled = enabled_threads();
  if (enabled == 0) {
    note_deadlock();
    return kDriver;
  }
  if (steps_.at_room()) [[unlikely]] {
    if (steps_.at_limit()) {
      PendingFailure limit = step_limit_failure();
      fail_at_scheduling_point(limit.kind, std::move(limit.message), {});
      return kDriver;
    }
    if (past_deadline()) return cut_at_deadline();
    steps_.grow();
  }
  ThreadId t;
  if (dfs_ != nullptr) {
    t = dfs_->next_thread(enabled, previous_);
    if (t >= Path::kDiverged) [[unlikely]] {
      if (t == Path::kDiverged) {
        diverged(dfs_->divergence());
      } else {
        abandoned_ = true;  // DfsStrategy::kAbandoned: another explorer's part of the tree
      }
      return kDriver;
    }
  } else {
    t = ask_strategy(enabled);
    if (t == kDriver) return kDriver;
  }
  take(t, enabled);
  return t;
}

ThreadId Execution::ask_strategy(std::uint64_t enabled) {
  try {
    return strategy_->pick({enabled, previous_, *this});
  } catch (const Divergence& d) {
    diverged(d);
  } catch (const Abandon&) {
    abandoned_ = true;
  }
  return kDriver;
}

// A row of no-progress steps ends when another thread steps: the steps since the previous
// one of the row are the thread's loop body, looked at once.
bool Execution::poll_yields(std::int64_t at) {
  ThreadRecord& th = threads_[running_];
  bool in_a_row = th.polls > 0 && th.last_poll >= 0;
  for (std::int64_t s = th.last_poll + 1; in_a_row && s < at; ++s) {
    in_a_row = steps_[static_cast<std::size_t>(s)].thread == running_;
  }
  th.polls = in_a_row ? th.polls + 1 : 1;
  th.last_poll = at;
  if (th.polls <= config_.unfair_polls) return false;
  th.polls = 0;
  return true;
}

void Execution::forget_yields(ThreadId picked, std::uint64_t enabled) {
  for (std::uint64_t rest = yielders_; rest != 0; rest &= rest - 1) {
    ThreadRecord& yielder = threads_[lowest(rest)];
    yielder.owed |= yielder.yields_to & enabled;
    yielder.yields_to &= ~bit(picked);
    if (yielder.yields_to == 0) yielders_ &= ~bit(lowest(rest));
  }
}

void Execution::diverged(const Divergence& d) {
  fail_at_scheduling_point(FailureKind::nondeterministic_model, d.message + " (is the model fully deterministic?)", {});
}

void Execution::note_deadlock() {
  for (std::uint64_t rest = unfinished_ & ~daemons_; rest != 0; rest &= rest - 1) {
    const ThreadId id = lowest(rest);
    const ThreadRecord& th = threads_[id];
    BlockedThread b{th.name, blocked_reason(*this, id, th.pending), {}, format_location(th.pending.location), {}, {}};
    for (std::size_t o = 0; o < object_count_; ++o) {
      const Object* object = objects_[o].object;
      if (object != nullptr && object->held_by(id)) b.holds.push_back(object_name(static_cast<ObjectId>(o)));
    }
    note_waits_on(th.pending, b);
    blocked_.push_back(std::move(b));
  }
  fail_at_scheduling_point(FailureKind::deadlock, "every unfinished thread is blocked: nobody can ever run again", {});
}

// For machine-readable reports: the object a blocked thread waits on and who holds it.
void Execution::note_waits_on(const Op& pending, BlockedThread& b) const {
  if (pending.kind == OpKind::join || pending.kind == OpKind::join_at_exit) {
    b.waits_on = thread_name(static_cast<ThreadId>(pending.arg));
    return;
  }
  if (pending.object == kNoObject) return;
  b.waits_on = object_name(pending.object);
  // The object itself (a lock) or what it is made of (a Condition's own lock).
  for (std::uint64_t rest = unfinished_; rest != 0; rest &= rest - 1) {
    for (std::size_t o = 0; o < object_count_; ++o) {
      const ObjectRecord& record = objects_[o];
      const bool part = o == pending.object || record.parent == pending.object;
      if (part && record.object != nullptr && record.object->held_by(lowest(rest))) {
        b.held_by.push_back(threads_[lowest(rest)].name);
        break;
      }
    }
  }
}

boost::context::fiber& Execution::fiber_of(ThreadId next) {
  if (next == kDriver) return workers_[kDriver].fiber;
  Worker& worker = workers_[next];
  if ((fresh_ & bit(next)) != 0) {
    fresh_ &= ~bit(next);
    if (!worker.fiber) [[unlikely]] start_worker(next);
  }
  return worker.fiber;
}

void Execution::start_worker(ThreadId id) {
  workers_[id].fiber =
      boost::context::fiber(std::allocator_arg, PooledStack(stacks_, workers_[id].stack),
                            [this, id](boost::context::fiber&& from) { return enter(id, std::move(from)); });
}

boost::context::fiber& Execution::leave_for(ThreadId next, void** fake_stack) {
  boost::context::fiber& target = fiber_of(next);
  if (next == kDriver) {
    before_switch(fake_stack, driver_bottom_, driver_size_);
  } else {
    const auto& stack = workers_[next].stack;
    before_switch(fake_stack, static_cast<char*>(stack.sp) - stack.size, stack.size);
  }
  from_ = running_;
  running_ = next;
  in_model_code_ = next != kDriver;
  return target;
}

void Execution::arrive(void* fake_stack, boost::context::fiber&& from) {
  after_switch(fake_stack, from_ == kDriver ? &driver_bottom_ : nullptr, from_ == kDriver ? &driver_size_ : nullptr);
  workers_[from_].fiber = std::move(from);  // empty when that worker has ended
}

boost::context::fiber Execution::enter(ThreadId id, boost::context::fiber&& from) {
  arrive(nullptr, std::move(from));
  *runtime_exceptions_ = {};  // a new fiber has nothing in flight; the runtime still holds its starter's
  while (!retiring_) {
    if (!tearing_down_) run_body(id);
    unfinished_ &= ~bit(id);
    // Idle from here until a later execution starts its thread `id`, or the worker retires.
    transfer(tearing_down_ ? kDriver : decide());
  }
  return std::move(leave_for(kDriver, nullptr));  // this stack is done
}

void Execution::run_body(ThreadId thread) {
  try {
    threads_[thread].body();
    // The last user thread to finish (a daemon's own bit is never among the user threads).
    if ((unfinished_ & ~daemons_) == bit(thread) && !at_end_done_ && !failure_) run_at_end();
  } catch (const Abort&) {
  } catch (const std::bad_alloc& e) {
    if (!failure_ && !tearing_down_) {
      failure_ = PendingFailure{FailureKind::out_of_memory,
                                "thread " + threads_[thread].name + " ran out of memory: " + e.what(),
                                threads_[thread].pending.location};
      failed_in_thread_ = true;
    }
  } catch (const std::exception& e) {
    if (!failure_ && !tearing_down_) {
      failure_ = PendingFailure{FailureKind::uncaught_exception,
                                "uncaught exception in thread " + threads_[thread].name + ": " + e.what(),
                                threads_[thread].pending.location, throw_site(threads_[thread].thrown_from)};
      failed_in_thread_ = true;  // raised between two visible operations, as fail() is
    }
  } catch (...) {
    if (!failure_ && !tearing_down_) {
      failure_ = PendingFailure{FailureKind::uncaught_exception,
                                "uncaught exception of unknown type in thread " + threads_[thread].name,
                                threads_[thread].pending.location, throw_site(threads_[thread].thrown_from)};
      failed_in_thread_ = true;
    }
  }
}

ThreadId Execution::add_thread(std::optional<ThreadId> parent) {
  if (thread_count_ >= kMaxThreads) [[unlikely]] fail_too_many_threads();
  const auto id = static_cast<ThreadId>(thread_count_++);
  hb_.add_thread(id, parent);
  ThreadRecord& th = threads_[id];
  th.pending = {};
  th.yields_to = 0;
  th.owed = 0;
  th.last_yield = -1;
  th.faulted = false;
  th.polls = 0;
  th.last_poll = -1;
  th.thrown_from = nullptr;
  fresh_ |= bit(id);
  unfinished_ |= bit(id);
  return id;
}

void Execution::fail_too_many_threads() {
  fail(FailureKind::model_misuse, "a model may run at most " + std::to_string(kMaxThreads) + " threads",
       threads_[running_].pending.location);
}

namespace {
// Whether `a` and `b` hold the same text. Thread and parameter names are short: compared as
// two overlapping words, not through a call to memcmp.
template <class Word>
bool same_ends(const char* a, const char* b, std::size_t n) {
  Word a0, a1, b0, b1;
  std::memcpy(&a0, a, sizeof(Word));
  std::memcpy(&a1, a + n - sizeof(Word), sizeof(Word));
  std::memcpy(&b0, b, sizeof(Word));
  std::memcpy(&b1, b + n - sizeof(Word), sizeof(Word));
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (b.size() != n) return false;
  if (n >= 8) return n <= 16 ? same_ends<std::uint64_t>(a.data(), b.data(), n) : a == b;
  if (n >= 4) return same_ends<std::uint32_t>(a.data(), b.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}
}  // namespace

ThreadId Execution::add_thread(std::string_view name, std::function<void()>&& body) {
  const ThreadId id = add_thread(running_);
  ThreadRecord& th = threads_[id];
  // A model mostly spawns the same threads in every execution: the name is already there.
  if (!same_text(th.name, name)) [[unlikely]] rename_thread(id, name);
  th.body.swap(body);  // the caller destroys the previous execution's body
  return id;
}

void Execution::rename_thread(ThreadId thread, std::string_view name) { threads_[thread].name = name; }

void Execution::run_at_end() {
  at_end_done_ = true;
  for (auto& fn : at_end_) fn();
}

bool Execution::would_change(ThreadId thread) const {
  const ThreadRecord& t = threads_[thread];
  if (t.pending.object >= object_count_) return true;
  const Object* object = objects_[t.pending.object].object;
  return object == nullptr || object->changes(thread, t.pending, t.operand);
}

ObjectId Execution::attach_making_room(Object* object, ObjectKind kind, ObjectId parent) {
  if (object_count_ == objects_.size()) objects_.emplace_back();
  hb_.make_room(static_cast<ObjectId>(object_count_));
  return attach(object, kind, parent);
}

int Execution::ordinal(ObjectId id) const {
  const ObjectKind kind = objects_[id].kind;
  int n = 0;
  for (ObjectId o = 0; o <= id; ++o) n += objects_[o].kind == kind && objects_[o].parent == kNoObject;
  return n;
}

std::string Execution::object_name(ObjectId id) const {
  if (id == kNoObject || id >= object_count_) return {};
  const ObjectRecord& o = objects_[id];
  if (!o.name.empty()) return o.name;
  if (o.parent != kNoObject) return object_name(o.parent);  // a Condition's own lock
  return std::string(kind_prefix(o.kind)) + std::to_string(ordinal(id));
}

std::vector<Choice> Execution::choices() const {
  std::vector<Choice> out;
  for (const StepRecord& s : steps_) {
    if (auto c = choice_of(s)) out.push_back(*c);
  }
  return out;
}

int Execution::preemptions() const {
  int count = 0;
  int previous = -1;
  for (const StepRecord& s : steps_) {
    if (s.enabled == 0) continue;
    if (previous >= 0 && s.thread != previous && (s.enabled & bit(previous)) != 0) ++count;
    previous = s.thread;
  }
  return count;
}

bool Execution::make_room(std::source_location location) {
  if (steps_.at_limit()) {
    if (tearing_down_) return false;  // destructors record on their way out, after the trace was rendered
    PendingFailure limit = step_limit_failure();
    limit.location = location;
    fail_in_thread(std::move(limit));
  }
  // Not while an exception unwinds this thread (Abort would end the program): the next
  // checkpoint, or the next scheduling point, is soon enough.
  if (!tearing_down_ && running_ != kDriver && !unwinding() && past_deadline()) {
    out_of_time_ = true;
    transfer(kDriver);
    throw Abort{};
  }
  steps_.grow();
  return true;
}

bool Execution::past_deadline() const {
  return config_.deadline != std::chrono::steady_clock::time_point::max() &&
         std::chrono::steady_clock::now() >= config_.deadline;
}

void Execution::fail(FailureKind kind, std::string message, std::source_location location) {
  fail_in_thread({kind, std::move(message), location});
}

void Execution::fail_in_thread(PendingFailure failure) {
  if (!tearing_down_ && !failure_) {
    failure_ = std::move(failure);
    failed_in_thread_ = true;
    transfer(kDriver);
  }
  throw Abort{};
}

void Execution::fail_at_scheduling_point(FailureKind kind, std::string message, std::source_location location) {
  if (!failure_) failure_ = PendingFailure{kind, std::move(message), location};
}

Execution::PendingFailure Execution::step_limit_failure() const {
  // Livelock: every thread that moved lately was only spinning (a no-progress step of its
  // own is recent: a yield, a sleep, a poll that found nothing, a timeout).
  const auto n = static_cast<std::int64_t>(steps_.size());
  const std::int64_t window = std::max<std::int64_t>(1, std::min<std::int64_t>(1000, n / 2));
  bool spinning = true;
  for (int t = 0; t < thread_count_; ++t) {
    bool moved = false;
    for (std::int64_t s = n - window; s < n; ++s) moved |= steps_[s].thread == t;
    if (moved && threads_[t].last_yield < n - window) spinning = false;
  }
  if (spinning) {
    return {FailureKind::livelock,
            "threads only spin (yield, sleep, poll in vain or time out): after " + std::to_string(n) +
                " steps none has made progress",
            {}};
  }
  return {FailureKind::step_limit,
          "execution reached the step limit of " + std::to_string(config_.max_steps) + " steps (--max-steps)", {}};
}

ThreadId Execution::spawn(std::string_view name, std::function<void()>&& body, std::source_location location) {
  ++live_handles_;
  const ThreadId child = add_thread(name, std::move(body));
  record({OpKind::spawn, kNoObject, child, location});
  return child;
}

ThreadId Execution::spawn_daemon(std::string_view name, std::function<void()>&& body) {
  ThreadId id = add_thread(name, std::move(body));
  daemons_ |= bit(id);
  return id;
}

int Execution::param(std::string_view name, int default_value) {
  int value = default_value;
  for (const auto& [given, given_value] : config_.params) {
    if (same_text(given, name)) {
      value = given_value;
      break;
    }
  }
  for (const auto& declared : declared_) {
    if (same_text(declared.first, name)) return value;
  }
  declared_.emplace_back(std::string(name), value);
  return value;
}

int Execution::choose(int n, std::source_location location, ObjectId object) {
  if (tearing_down_) [[unlikely]] {
    // The execution is over: a thread goes on only past a step a destructor took (a Guard's
    // release returns instead of throwing, unless torn_down_in_destructor stops the thread).
    // The strategy has nothing left to choose: asking it would add a choice to the next
    // execution's prefix (found by lockstep_difftest: a daemon's choose() after its Guard's
    // release in an abandoned execution, before daemons stopped there).
    if (unwinding()) return 0;
    throw Abort{};
  }
  if (n <= 0) fail(FailureKind::model_misuse, "choose(n) needs n >= 1", location);
  int value = 0;
  try {
    value = strategy_->choose(n);
  } catch (const Divergence& d) {
    fail(FailureKind::nondeterministic_model, d.message + " (is the model fully deterministic?)", location);
  }
  record({OpKind::choose, object, n, location}, value);
  return value;
}

void Execution::prune(std::source_location location) {
  record({OpKind::assume, kNoObject, 0, location}, 0);
  if (!tearing_down_ && !failure_) {
    pruned_ = true;
    failed_in_thread_ = true;  // parked here with its step done, as a failing thread is
    transfer(kDriver);
  }
  throw Abort{};
}

void Execution::atomic_begin(std::source_location location) {
  if (!step({OpKind::atomic_begin, kNoObject, 0, location})) throw Abort{};
  atomic_owner_ = running_;
  ++atomic_depth_;
}

void Execution::atomic_end(std::source_location location) {
  if (atomic_depth_ > 0 && --atomic_depth_ == 0) atomic_owner_ = kDriver;
  if (!tearing_down_) record({OpKind::atomic_end, kNoObject, 0, location});
}

Failure Execution::render_failure() const {
  return {failure_->kind, failure_->message,
          failure_->site.empty() ? format_location(failure_->location) : failure_->site, render_trace(*this),
          blocked_, {}};
}

void Execution::on_watchdog_tick() {
  if (!in_model_code_ || steps_.size() != watchdog_mark_) {
    watchdog_mark_ = steps_.size();
    idle_ticks_ = 0;
    return;
  }
  if (++idle_ticks_ < config_.watchdog_ticks) return;
  idle_ticks_ = 0;
  on_fault(SIGPROF, nullptr);
}

void Execution::on_fault(int signal, const void* address) {
  ThreadRecord& th = threads_[running_];
  if (signal == SIGPROF && !failure_) {
    failure_ = PendingFailure{FailureKind::step_limit,
                              fmt::format("thread {} ran for {} s of CPU time without a visible step "
                                          "(an endless loop that never reaches a primitive?)",
                                          th.name, kWatchdogSeconds),
                              th.pending.location};
  }
  if (signal == kHangSignal && !failure_) {
    failure_ = PendingFailure{FailureKind::hang,
                              fmt::format("thread {} took no visible step within the hang timeout (--hang-timeout): "
                                          "blocked in the kernel (sleep, a real mutex, I/O) or looping without a primitive",
                                          th.name),
                              th.pending.location};
  }
  const bool overflow = (signal == SIGSEGV || signal == SIGBUS) && stacks_.in_guard_page(address);
  if (!failure_) {
    std::string message =
        overflow ? fmt::format("thread {} overflowed its {} KiB stack", th.name, stacks_.stack_size() / 1024)
                 : fmt::format("thread {} crashed: {} ({})", th.name, sigabbrev_np(signal), sigdescr_np(signal));
    if (signal == SIGSEGV && !overflow) message += fmt::format(" at address {}", address);
    failure_ = PendingFailure{overflow ? FailureKind::stack_overflow : FailureKind::crash, std::move(message),
                              th.pending.location};
  }
  th.faulted = true;
  failed_in_thread_ = true;
  transfer(kDriver);
  std::abort();  // never resumed
}

void Execution::unwind(std::uint64_t started) {
  // Each started, unfinished thread is resumed: its pending step throws Abort, which unwinds
  // its stack (destructors skip their own steps), and its worker goes idle.
  for (auto i = static_cast<std::size_t>(thread_count_); unfinished_ != 0 && i-- > 0;) {
    const auto id = static_cast<ThreadId>(i);
    if ((started & bit(id)) != 0) {
      // Resumed, a thread comes back finished or faulted (one that keeps catching Abort spins
      // until the watchdog ends it). A faulted thread's stack is in an unknown state: it is
      // never resumed, and the next thread of this id gets a new worker.
      if (!threads_[id].faulted) transfer(id);
      if (!finished(id)) reclaim(id);
    }
    unfinished_ &= ~bit(id);
  }
}

void Execution::torn_down_in_destructor() {
  // Threads are unwound from the last started to main: each one started earlier that has
  // ended already did so before the teardown, its locals destroyed.
  if (((bit(running_) - 1) & ~unfinished_) == 0) return;
  transfer(kDriver);  // for good: unwind() finds the thread unfinished and reclaims its stack
  std::abort();       // never resumed
}

void Execution::reclaim(ThreadId id) {
  Worker& worker = workers_[id];
  // Destroying the fiber would resume it to unwind; its handle is moved into storage that
  // is never destroyed instead. Nothing of the fiber lives past this: its record on the
  // stack holds only trivially destructible members.
  alignas(boost::context::fiber) unsigned char forgotten[sizeof(boost::context::fiber)];
  new (forgotten) boost::context::fiber(std::move(worker.fiber));
  const auto& stack = worker.stack;
  forget_stack(static_cast<char*>(stack.sp) - stack.size, stack.size);
  stacks_.deallocate(worker.stack);
  worker.stack = {};
  worker.fake_stack = nullptr;
  worker.exceptions = {};
}

}  // namespace lockstep::detail
