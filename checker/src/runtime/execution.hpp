// One execution of a model: the threads (fibers), the modeled objects, the steps taken.
// It is the only thing a model talks to while it runs; the next execution is a reset of
// the same object, so tables keep their capacity and nothing is rebuilt: not even the fibers,
// each of which runs the thread of the same id in every execution.
//
// There is no scheduler fiber: the thread that reaches a scheduling point asks the
// strategy itself and, when another thread is picked, switches straight to it (one fiber
// switch; none when it goes on itself). Control returns to run()'s caller, the driver, only
// when the execution is over.
#pragma once

#include <boost/context/fiber.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "explore/dfs.hpp"
#include "explore/path.hpp"
#include "explore/strategy.hpp"
#include "fiber/stack_pool.hpp"
#include "fiber/switch.hpp"
#include "runtime/happens_before.hpp"
#include "runtime/step_log.hpp"
#include "lockstep/detail/runtime.hpp"
#include "lockstep/model.hpp"
#include "lockstep/run.hpp"

namespace lockstep::detail {

struct ObjectRecord {
  Object* object;  // null once destroyed
  ObjectKind kind;
  ObjectId parent;
  ObjectId lock;  // a condition's lock (its own or the one it wraps), kNoObject otherwise
  std::string name;
  bool boolean;  // its values are C++ bools: traced as true/false
};

struct ExecutionConfig {
  Params params;
  std::uint64_t max_steps = 100000;
  bool spurious_wakeups = false;
  // Watchdog ticks (FaultGuard's timer) without a visible step that end a thread as an
  // endless loop: kWatchdogSeconds of CPU time at the default tick of a second.
  int watchdog_ticks = 5;
  // RunOptions::unfair_polls: a thread's no-progress steps in a row that do not count for the
  // fair scheduler; 0: every one does.
  int unfair_polls = 0;
  // --time-limit: an execution still running then is cut (out_of_time()), looked at every
  // StepLog::kCheckEvery steps. max(): none.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// The choice a step made, if it made one: a thread pick with the set it was picked from,
// or a choose() value.
inline std::optional<Choice> choice_of(const StepRecord& s) {
  if (s.enabled != 0) return Choice{Choice::Kind::thread, s.thread, s.thread, s.enabled};
  if (s.op.kind == OpKind::choose) {
    return Choice{Choice::Kind::value, static_cast<std::uint32_t>(s.result), 0, static_cast<std::uint64_t>(s.op.arg)};
  }
  return std::nullopt;
}

class DporStrategy;  // explore/dpor.hpp, which includes this header through dependence.hpp

class Execution {
 public:
  Execution(const ModelInfo& model, ExecutionConfig config, StackPool& stacks);
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;
  ~Execution();

  // Runs the model once, every choice made by `strategy`. The failure, if any, is
  // rendered before the fibers are torn down.
  std::optional<Failure> run(Strategy& strategy);

  // For strategies.
  const Op& pending(ThreadId thread) const { return threads_[thread].pending; }
  // Would the pending op of `thread` change its object if it ran now (Object::changes)?
  bool would_change(ThreadId thread) const;
  void set_operand(const void* operand) { threads_[running_].operand = operand; }
  const StepLog& steps() const { return steps_; }
  int thread_count() const { return thread_count_; }
  std::size_t object_count() const { return object_count_; }
  // How the latest run ended: the strategy abandoned it (pick() threw Abandon); the threads
  // left parked at a visible operation they have not performed (blocked ones, and after a
  // failure the ones that were still runnable).
  bool abandoned() const { return abandoned_; }
  // ...or it was cut at the deadline (ExecutionConfig::deadline): neither a failure nor a
  // whole execution, and what it would have gone on to is unexplored.
  bool out_of_time() const { return out_of_time_; }
  void set_deadline(std::chrono::steady_clock::time_point deadline) { config_.deadline = deadline; }
  std::uint64_t parked_at_end() const { return parked_at_end_; }
  // The latest run ended in a failure a thread raised between two visible operations (a
  // check, a data race, an exception, a fault), not one decided at a scheduling point.
  bool failed_in_thread() const { return failed_in_thread_; }
  // The choices the latest run made (thread picks with their enabled sets, choose()
  // values): what a replay token holds. And how many picks switched away from a thread
  // that could have gone on (CHESS's preemptions).
  std::vector<Choice> choices() const;
  int preemptions() const;  // worked out from the steps: a figure for reports

  // The parameters the model asked for, with the values used.
  const Params& declared_params() const { return declared_; }
  const std::string& thread_name(ThreadId thread) const { return threads_[thread].name; }
  const ObjectRecord& object(ObjectId id) const { return objects_[id]; }
  std::string object_name(ObjectId id) const;

  // The verbs of lockstep/detail/runtime.hpp land here.
  inline ObjectId attach(Object* object, ObjectKind kind, ObjectId parent);
  void detach(ObjectId id) { objects_[id].object = nullptr; }
  void rename(ObjectId id, std::string_view name) { objects_[id].name = name; }
  void bind_lock(ObjectId condition, ObjectId lock) { objects_[condition].lock = lock; }
  // Inline in each verb, for the reason transfer() is.
  [[gnu::always_inline]] inline bool step(const Op& op);  // false when torn down
  inline void record(const Op& op, std::int64_t result = 0);
  // Whether the next record() fits without make_room.
  bool has_room() const { return !steps_.at_room(); }
  [[gnu::always_inline]] inline void yield(std::source_location location);  // inline in this_thread::yield, as step() is
  // The running thread's latest step made no progress (a yield, a sleep, a poll that found
  // nothing, a timeout, a spurious wake-up): the fair scheduler then treats it as a yield.
  [[gnu::always_inline]] inline void no_progress();
  void set_result(std::int64_t result) { steps_.back().result = result; }
  ThreadId self() const { return running_; }
  bool tearing_down() const { return tearing_down_; }
  // std::uncaught_exceptions() > 0 for the running thread, read without the runtime's calls.
  bool unwinding() const { return runtime_exceptions_->uncaught > 0; }
  // A step taken in a destructor (a Guard's release, a Thread handle's join at the end of its
  // scope), which cannot throw Abort, found the execution torn down; the thread stood there
  // before the teardown began (no destructor steps once it has). Returning would run its code
  // on: its next statements, or past a catch of an exception of its own it was unwinding.
  // When a thread started before it has ended (main, whose body returned while a daemon ran
  // on; a thread an uncaught exception ended), that code may use the ended thread's locals:
  // the thread never returns, its stack is abandoned as a faulted thread's. Otherwise it
  // returns, and its next step throws Abort.
  void torn_down_in_destructor();
  // Fault handling (fiber/fault_guard.cpp): is a model fiber running now, and end the
  // execution because it raised `signal`. on_fault leaves the faulting context for good.
  bool in_model_code() const { return in_model_code_; }
  [[noreturn]] void on_fault(int signal, const void* address);
  // Called at every tick of the CPU-time watchdog: ends a model thread that took no visible
  // step for kWatchdogSeconds (an endless loop that never reaches a primitive).
  void on_watchdog_tick();
  static constexpr int kWatchdogSeconds = 5;
  [[noreturn]] void fail(FailureKind kind, std::string message, std::source_location location);
  // A thread spawned by the running one, its spawn step recorded.
  ThreadId spawn(std::string_view name, std::function<void()>&& body, std::source_location location);
  // A hidden helper thread (a ProcessQueue's feeder): it never counts as unfinished, so
  // it neither deadlocks nor keeps the execution from ending, and it is never joined.
  ThreadId spawn_daemon(std::string_view name, std::function<void()>&& body);
  // Thread(daemon=True): like a feeder it never counts as unfinished, but it was spawned
  // (and traced) as a user thread.
  void make_daemon(ThreadId thread) { daemons_ |= bit(thread); }
  std::uint64_t daemons() const { return daemons_; }  // feeders and Thread(daemon=True)
  HappensBefore& happens_before() { return hb_; }
  bool finished(ThreadId thread) const { return (unfinished_ & bit(thread)) == 0; }
  std::uint64_t unfinished() const { return unfinished_; }  // started or not
  void release_handle() {
    if (--live_handles_ > 0 || at_end_done_ || failure_ || tearing_down_) return;
    if (user_threads_done(running_)) run_at_end();
  }
  int param(std::string_view name, int default_value);
  // `object`: the object whose step's outcome this is (choose_outcome), kNoObject for choose().
  int choose(int n, std::source_location location, ObjectId object = kNoObject);
  // ---- C++ primitives and model calls (prims-cpp) ----
  void show_as_bool(ObjectId id) { objects_[id].boolean = true; }
  void set_result_at(std::size_t step, std::int64_t result) { steps_.at(step).result = result; }
  // Step `step` of the running thread (its latest scheduled one, with records such as the
  // choice of its outcome after it) made no progress: as no_progress().
  void no_progress_at(std::size_t step);
  void set_only_spurious(ThreadId thread, bool only) {
    only_spurious_ = only ? only_spurious_ | bit(thread) : only_spurious_ & ~bit(thread);
  }
  // assume(false): ends the execution, pruned; never returns.
  [[noreturn]] void prune(std::source_location location);
  bool pruned() const { return pruned_; }
  // A model thread is throwing from just before `return_address` (runtime/throw_site.cpp).
  void note_throw(const void* return_address) {
    if (in_model_code_ && running_ < kMaxThreads) threads_[running_].thrown_from = return_address;
  }
  void atomic_begin(std::source_location location);
  void atomic_end(std::source_location location);
  void at_end(std::function<void()> fn) { at_end_.push_back(std::move(fn)); }
  bool spurious_wakeups() const { return config_.spurious_wakeups; }

 private:
  // The context that called run(), as a switch target.
  static constexpr ThreadId kDriver = kMaxThreads;
  // 128 bytes (its fields take 112): decide() indexes the records of every thread at each
  // scheduling point, and a power-of-two size makes that a shift instead of a multiplication.
  struct alignas(128) ThreadRecord {
    // User-provided, so that making kMaxThreads of them does not zero each one first.
    ThreadRecord() {}
    std::string name;
    std::function<void()> body;
    Op pending;
    const void* operand = nullptr;  // see step_with_operand; meaningful while `pending` is
    std::uint64_t yields_to = 0;  // threads it lets run first after a no-progress step
    std::uint64_t owed = 0;       // those of them that could run at some point since
    std::int64_t last_yield = -1;  // its latest no-progress step (for livelock reports)
    bool faulted = false;  // its context is a signal handler's: never resumed again
    // With unfair_polls: its no-progress steps in a row (no other thread stepped between),
    // the latest at step last_poll.
    int polls = 0;
    std::int64_t last_poll = -1;
    const void* thrown_from = nullptr;  // the return address of its latest throw
  };
  // What the C++ runtime records per OS thread of the exceptions being thrown and caught
  // (Itanium ABI's __cxa_eh_globals: the stack of caught ones, the count of uncaught ones).
  // Every fiber runs on the one OS thread, so transfer() swaps each context's own in and
  // out: otherwise a thread unwinding an exception when it steps would make the thread it
  // switches to see std::uncaught_exceptions() > 0, and `throw;` would rethrow whichever
  // exception any thread caught last.
  struct ExceptionsInFlight {
    void* caught = nullptr;
    unsigned int uncaught = 0;
  };
  // The fiber that runs thread `id` of every execution: started with the first such thread,
  // idle between two of them, ended when the Execution is destroyed. workers_[kDriver] is the
  // driver's context: the same switch bookkeeping, on run()'s caller's own stack.
  struct Worker {
    boost::context::fiber fiber;            // while it is suspended
    boost::context::stack_context stack{};  // the pool's stack it runs on (not the driver's)
    void* fake_stack = nullptr;             // AddressSanitizer's state of that stack
    ExceptionsInFlight exceptions;          // its thread's, while it is suspended
  };
  struct PendingFailure {
    FailureKind kind;
    std::string message;
    std::source_location location;
    std::string site{};  // shown instead of `location` when set (a throw's file:line)
  };

  // Inline in run(), as add_thread is in run() and spawns: short bodies that a call with
  // its saved registers would make half as expensive again.
  [[gnu::always_inline]] inline void reset();
  // After the model ran: the threads left parked noted, the fibers torn down.
  void wind_up();
  [[gnu::cold]] ObjectId attach_making_room(Object* object, ObjectKind kind, ObjectId parent);
  // 1-based among the objects of its kind that have no parent, for names such as "lock2".
  int ordinal(ObjectId id) const;
  // A new thread's record, its name and body still the previous execution's (main's are set
  // once, in the constructor). Its parent is the running thread; main has none.
  [[gnu::always_inline]] inline ThreadId add_thread(std::optional<ThreadId> parent);
  [[noreturn, gnu::cold]] void fail_too_many_threads();
  // Inline in spawn() and spawn_daemon(), the name set out of line: the usual spawn then
  // saves fewer registers and makes one call, not three.
  [[gnu::always_inline]] inline ThreadId add_thread(std::string_view name, std::function<void()>&& body);
  [[gnu::cold]] void rename_thread(ThreadId thread, std::string_view name);
  // The scheduling point reached by the running thread (its pending op set) or by a thread
  // that just finished: the thread to run next, its step recorded, or kDriver when the
  // execution is over.
  // Inline, the common cases: nothing to decide (a failure, a thread to start, no user
  // thread left) or the prefix of a dfs path replayed; the rest in decide_otherwise(),
  // which works out the enabled set and asks the strategy.
  [[gnu::always_inline]] inline ThreadId decide();
  ThreadId decide_otherwise();
  inline ThreadId take_replayed(ThreadId t, std::uint64_t enabled);
  // A strategy other than dfs picks among `enabled`; kDriver when it ended the execution.
  ThreadId ask_strategy(std::uint64_t enabled);
  // The thread picked at a scheduling point, among `enabled`: its step recorded, in a log
  // that has room for it.
  [[gnu::always_inline]] inline void take(ThreadId t, std::uint64_t enabled);
  void forget_yields(ThreadId picked, std::uint64_t enabled);
  // With unfair_polls: whether the running thread's no-progress step `at` is a yield.
  [[gnu::cold]] bool poll_yields(std::int64_t at);
  // Leaves the running context for `next` (a thread or kDriver); returns when some context
  // switches back to this one. Inline: each frame between the model's code and the switch is
  // one more return the resumed fiber may mispredict (fiber/switch.hpp).
  [[gnu::always_inline]] inline void transfer(ThreadId next);
  // Everything a switch to `next` needs before the jump: its worker's fiber (started if it has
  // none yet), AddressSanitizer told which stack comes next (`fake_stack` keeps this stack's
  // state, null when it is left for good), and who runs now.
  boost::context::fiber& leave_for(ThreadId next, void** fake_stack);
  // Back on a stack: AddressSanitizer told, and the continuation of the context that
  // switched here kept.
  void arrive(void* fake_stack, boost::context::fiber&& from);
  inline boost::context::fiber& fiber_of(ThreadId next);
  // The worker's fiber, the first time thread `id` runs.
  [[gnu::cold]] void start_worker(ThreadId id);
  // A worker's whole life: the bodies of the threads it runs, one per execution.
  boost::context::fiber enter(ThreadId id, boost::context::fiber&& from);
  // Thread `thread`'s body, and at_end if it is the last user thread; the exceptions it
  // lets out are failures. Inline in enter(): the returns a finished body makes are
  // mispredicted (the other fibers used the return predictor since), one per frame.
  [[gnu::always_inline]] inline void run_body(ThreadId thread);
  void run_at_end();
  bool op_enabled(ThreadId thread) const;  // for a pending op that can block
  bool polls_in_vain(ThreadId thread) const;  // its pending op would make no progress now
  inline bool runnable(ThreadId thread) const;  // started, unfinished, its pending op enabled
  bool user_threads_done(ThreadId except) const { return (unfinished_ & ~daemons_ & ~bit(except)) == 0; }
  [[gnu::always_inline]] std::uint64_t enabled_threads() const;
  void note_deadlock();
  void note_waits_on(const Op& pending, BlockedThread& b) const;
  // The model does not behave as when the choices replayed were recorded.
  [[gnu::cold]] void diverged(const Divergence& d);
  [[noreturn]] void fail_in_thread(PendingFailure failure);
  // Before a record past the trace's room: fails at the step limit (false while tearing
  // down: that record is dropped), cuts the execution at the deadline, or grows the trace.
  bool make_room(std::source_location location);
  // At the trace's room: whether the deadline has passed (the clock is read every
  // StepLog::kCheckEvery steps, and only when there is a deadline).
  [[gnu::cold]] bool past_deadline() const;
  // A scheduling point past the deadline: the execution ends there, every thread parked.
  [[gnu::cold]] ThreadId cut_at_deadline() {
    out_of_time_ = true;
    return kDriver;
  }
  void fail_at_scheduling_point(FailureKind kind, std::string message, std::source_location location);
  PendingFailure step_limit_failure() const;
  Failure render_failure() const;
  // Inline in wind_up(); the threads left unfinished are unwound out of line.
  [[gnu::always_inline]] inline void tear_down();
  void unwind(std::uint64_t started);
  // Thread `id`'s worker faulted and is never resumed: its stack goes back to the pool (a
  // model that crashes in every execution maps no more memory than one that passes), and
  // the next thread of that id gets a new worker. What the faulted frames owned on the heap
  // is lost with them.
  [[gnu::cold]] void reclaim(ThreadId id);

  const ModelInfo& model_;
  ExecutionConfig config_;
  StackPool& stacks_;
  Strategy* strategy_ = nullptr;
  DfsStrategy* dfs_ = nullptr;  // strategy_, when it is dfs: called directly, inline
  // strategy_, when it is dpor: its replayed prefix is taken without asking it (decide_otherwise()).
  DporStrategy* dpor_ = nullptr;
  // kMaxThreads records, reused from one execution to the next (names and bodies keep
  // their storage); the first thread_count_ are this execution's.
  std::vector<ThreadRecord> threads_;
  int thread_count_ = 0;
  std::vector<ObjectRecord> objects_;  // reused like threads_: the first object_count_
  std::size_t object_count_ = 0;
  StepLog steps_;
  HappensBefore hb_;
  std::vector<std::function<void()>> at_end_;
  Params declared_;
  std::optional<PendingFailure> failure_;
  bool failed_in_thread_ = false;  // the failing thread is parked in fail(), its step done
  std::vector<BlockedThread> blocked_;
  Worker workers_[kMaxThreads + 1];
  bool retiring_ = false;  // the Execution is being destroyed: idle workers end
  ThreadId running_ = kDriver;
  ThreadId from_ = kDriver;  // the context that switched to the running one
  int previous_ = -1;        // the thread that took the latest step, -1 before the first
  std::uint64_t unfinished_ = 0;    // threads spawned and not finished
  std::uint64_t fresh_ = 0;         // threads spawned and not started yet
  std::uint64_t may_block_ = 0;     // threads whose pending op can block (kMayBlock)
  std::uint64_t daemons_ = 0;
  std::uint64_t yielders_ = 0;      // threads whose yields_to is not empty
  int live_handles_ = 0;
  bool at_end_done_ = false;
  bool tearing_down_ = false;
  bool in_model_code_ = false;
  // The driver's stack, as AddressSanitizer needs it for switches back to it.
  const void* driver_bottom_ = nullptr;
  std::size_t driver_size_ = 0;
  // This OS thread's record in the C++ runtime.
  ExceptionsInFlight* runtime_exceptions_ = nullptr;
  std::size_t watchdog_mark_ = 0;  // steps_.size() at the previous watchdog tick
  int idle_ticks_ = 0;
  bool abandoned_ = false;
  bool out_of_time_ = false;
  std::uint64_t parked_at_end_ = 0;
  // ---- C++ primitives and model calls (prims-cpp) ----
  bool pruned_ = false;  // the latest run ended in assume(false)
  // Threads whose pending step only a spurious wake-up could take (set_only_spurious).
  std::uint64_t only_spurious_ = 0;
  // The thread inside atomically() (kDriver: none), and how deeply nested.
  ThreadId atomic_owner_ = kDriver;
  int atomic_depth_ = 0;
};

// The operations that can block (their object decides); every other one is always enabled,
// which spares most scheduling points a virtual call per thread. A new blocking OpKind
// must be listed here.
constexpr std::uint64_t kind_bit(OpKind kind) { return std::uint64_t{1} << static_cast<int>(kind); }
inline constexpr std::uint64_t kMayBlock = kind_bit(OpKind::join) | kind_bit(OpKind::join_at_exit) |
                                           kind_bit(OpKind::acquire) | kind_bit(OpKind::wait_wake) |
                                           kind_bit(OpKind::wait_reacquire) | kind_bit(OpKind::put) |
                                           kind_bit(OpKind::get) | kind_bit(OpKind::deliver) |
                                           kind_bit(OpKind::sem_acquire) |
                                           // Python threading / queue additions (issue 17)
                                           kind_bit(OpKind::barrier_wait) | kind_bit(OpKind::barrier_wake) |
                                           kind_bit(OpKind::barrier_control) | kind_bit(OpKind::queue_join) |
                                           // C++ primitives (issue 17)
                                           kind_bit(OpKind::rw_lock) | kind_bit(OpKind::rw_lock_shared) |
                                           kind_bit(OpKind::latch_wait);
static_assert(static_cast<int>(OpKind::atomic_end) < 64, "kMayBlock is a 64-bit mask of OpKinds");

// The two calls every operation of a model makes, inline in the verbs that forward to them.
bool Execution::step(const Op& op) {
  if (tearing_down_) return false;
  const ThreadId me = running_;
  threads_[me].pending = op;
  if ((kMayBlock & kind_bit(op.kind)) != 0) {
    may_block_ |= bit(me);
  } else {
    may_block_ &= ~bit(me);
  }
  const ThreadId next = decide();
  if (next != me) {
    transfer(next);
    // Set on the driver only: it can have changed across a switch, not when this thread goes on.
    if (tearing_down_) return false;
  }
  if (op.kind == OpKind::join || op.kind == OpKind::join_at_exit) {
    hb_.join_thread(me, static_cast<ThreadId>(op.arg));
  }
  return true;
}

// A point of a replayed prefix, taken as recorded. Below the step limit: the prefix stayed
// below it when it was recorded.
ThreadId Execution::take_replayed(ThreadId t, std::uint64_t enabled) {
  if (steps_.at_room()) [[unlikely]] {
    if (past_deadline()) return cut_at_deadline();
    steps_.grow();
  }
  take(t, enabled);
  return t;
}

ThreadId Execution::decide() {
  // While dfs replays the prefix of its next path, a deterministic model offers the enabled
  // set it recorded (the earlier execution also kept below the step limit there): only the
  // thread to run is checked, not every blocked one.
  if (failure_) [[unlikely]] return kDriver;
  // Daemons left behind do not count; first, so that a daemon not started yet does not
  // start after the model body returned (its objects are gone then).
  if ((unfinished_ & ~daemons_) == 0) return kDriver;
  // Threads not started yet run until their first visible operation, in the order they
  // were spawned (a thread spawned meanwhile has a higher id).
  if (fresh_ != 0) return lowest(fresh_);
  if (dfs_ != nullptr) {
    if (const Choice* replayed = dfs_->replaying()) {
      const auto t = static_cast<ThreadId>(replayed->chosen);
      if (runnable(t)) [[likely]] return take_replayed(t, replayed->alternatives);
      diverged(dfs_->divergence());
      return kDriver;
    }
  }
  return decide_otherwise();
}

// A replayed thread choice names one of the threads it was made among: below kMaxThreads.
bool Execution::runnable(ThreadId thread) const {
  if (((unfinished_ & ~fresh_) & bit(thread)) == 0) return false;
  return (may_block_ & bit(thread)) == 0 || op_enabled(thread);
}

void Execution::take(ThreadId t, std::uint64_t enabled) {
  steps_.append(t, threads_[t].pending, enabled);
  previous_ = t;
  hb_.tick(t);
  // Last: a call before the append would make `enabled` wait in memory across it.
  if (yielders_ != 0) [[unlikely]] forget_yields(t, enabled);
}

void Execution::record(const Op& op, std::int64_t result) {
  if (steps_.at_room() && !make_room(op.location)) [[unlikely]] return;
  steps_.append({running_, false, false, op, result});
  hb_.tick(running_);  // an epoch of its own: a thread started just before must not see it
}

void Execution::yield(std::source_location location) {
  if (!step({OpKind::yield, kNoObject, 0, location})) throw Abort{};
  no_progress();
}

void Execution::no_progress() {
  // The latest step is this thread's: it calls this right after its step.
  no_progress_at(steps_.size() - 1);
}

inline void Execution::no_progress_at(std::size_t step) {
  const ThreadId me = running_;
  ThreadRecord& th = threads_[me];
  const auto at = static_cast<std::int64_t>(step);
  StepRecord& record = steps_.at(step);
  record.no_progress = true;
  th.last_yield = at;
  if (config_.unfair_polls > 0 && !poll_yields(at)) [[unlikely]] return;
  // Every other thread, also one that cannot run now: a thread that is only enabled now and
  // then (a lock two pollers hand to each other) must get its turn too (strong fairness).
  th.yields_to = unfinished_ & ~bit(me);
  th.owed = 0;
  if (th.yields_to != 0) yielders_ |= bit(me);
  record.yields = true;
}

void Execution::transfer(ThreadId next) {
  const ThreadId me = running_;
  if (next == me) return;
  Worker& mine = workers_[me];
  mine.exceptions = *runtime_exceptions_;
  boost::context::fiber from = switch_to(std::move(leave_for(next, &mine.fake_stack)));
  // Some context picked this one again.
  *runtime_exceptions_ = mine.exceptions;
  arrive(mine.fake_stack, std::move(from));
}

ObjectId Execution::attach(Object* object, ObjectKind kind, ObjectId parent) {
  const auto id = static_cast<ObjectId>(object_count_);
  // A tail call when tables must grow: the usual path calls nothing and saves no registers.
  if (id == objects_.size() || !hb_.has_room(id)) [[unlikely]] return attach_making_room(object, kind, parent);
  ++object_count_;
  ObjectRecord& record = objects_[id];
  record.object = object;
  record.kind = kind;
  record.parent = parent;
  record.lock = kNoObject;
  record.name.clear();
  record.boolean = false;
  if (kind == ObjectKind::shared) {
    hb_.add_variable(id);
  } else {
    hb_.add_object(id);
  }
  return id;
}

// The execution running on this OS thread; null outside Execution::run.
extern constinit thread_local Execution* tls_execution;
inline Execution* current_execution() { return tls_execution; }

}  // namespace lockstep::detail
