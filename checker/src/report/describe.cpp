#include "report/describe.hpp"

#include <fmt/format.h>

#include "lockstep/barrier.hpp"
#include "lockstep/detail/value.hpp"
#include "lockstep/queue.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {
namespace {

std::string value(std::int64_t v) { return v == kOpaque ? "..." : std::to_string(v); }
const char* boolean(std::int64_t v) { return v != 0 ? "True" : "False"; }
std::string timeout(std::int64_t t) { return t < 0 ? "" : fmt::format("timeout={}", t); }

// multiprocessing.Condition's steps (objects/process_condition.cpp).
std::string describe_process_condition(const std::string& o, const Op& op, std::int64_t r) {
  const std::string t = timeout(op.arg);
  switch (op.kind) {
    case OpKind::wait:
      if (op.arg == 0) return fmt::format("{}.wait(timeout=0) releases lock", o);
      return fmt::format("{}.wait({}) sleeps, releases lock", o, t);
    case OpKind::wait_wake:
      if (r != 0) return fmt::format("{}.wait({}) takes a wake-up", o, t);
      if (op.arg == 0) return fmt::format("{}.wait(timeout=0) finds no wake-up", o);
      return fmt::format("{}.wait({}) times out", o, t);
    case OpKind::sem_release: return fmt::format("{}.wait({}) counts itself woken (woken_count.release())", o, t);
    case OpKind::wait_reacquire: return fmt::format("{}.wait({}) reacquires lock, returns {}", o, t, boolean(r));
    case OpKind::notify:
      if (op.arg < 0) return fmt::format("{}.notify_all() releases {} wake-up(s)", o, r);
      return fmt::format("{}.notify({}) releases {} wake-up(s)", o, op.arg == 1 ? "" : std::to_string(op.arg), r);
    case OpKind::sem_acquire:
      return fmt::format("{}.notify() sees {} sleeper(s) woken (woken_count.acquire())", o, op.arg);
    default: return "?";
  }
}

// threading.Barrier's steps (objects/barrier.cpp): the result holds the arrival index
// shifted once, its low bit set for the party that released the barrier.
std::string describe_barrier(const std::string& o, const Op& op, std::int64_t r) {
  const std::string call = op.arg < 0 ? fmt::format("{}.wait()", o) : fmt::format("{}.wait(timeout={})", o, op.arg);
  if (r == kBarrierRaised) return fmt::format("{} raises BrokenBarrierError", call);
  if (r == kBarrierTimedOut) return fmt::format("{} times out, breaks the barrier, raises BrokenBarrierError", call);
  if (op.kind == OpKind::barrier_wake) return fmt::format("{} wakes up -> {}", call, r / 2);
  if ((r & 1) != 0) return fmt::format("{} -> {}, the last party: releases the barrier", call, r / 2);
  return fmt::format("{} arrives as {}, waits for the other parties", call, r / 2);
}

std::string describe_barrier_control(const std::string& o, const Op& op, std::int64_t r) {
  switch (static_cast<BarrierControl>(op.arg)) {
    case BarrierControl::reset: return fmt::format("{}.reset()", o);
    case BarrierControl::abort: return fmt::format("{}.abort()", o);
    case BarrierControl::broken: return fmt::format("{}.broken -> {}", o, boolean(r));
    case BarrierControl::n_waiting: return fmt::format("{}.n_waiting -> {}", o, r);
    case BarrierControl::released: return fmt::format("{}.wait(): the action returned, releases the parties", o);
  }
  return "?";
}

// queue.Queue's put(item, timeout=N) and put_nowait(item); the result is the item put, or
// kNone when it raised queue.Full.
std::string describe_put_timed(const std::string& o, const Op& op, std::int64_t r) {
  const bool nowait = op.arg == kPutNowait;
  if (r == kNone) {
    return nowait ? fmt::format("{}.put_nowait(...) raises queue.Full", o)
                  : fmt::format("{}.put(..., timeout={}) times out, raises queue.Full", o, op.arg);
  }
  return nowait ? fmt::format("{}.put_nowait({})", o, value(r)) : fmt::format("{}.put({}, timeout={})", o, value(r), op.arg);
}

// C++ primitives and model calls (issue 17).
// Values and bools of the C++-named primitives print as C++ does (true/false); those of the
// Python-named ones (Lock, Condition, Queue, Event, Semaphore, Shared) as Python does.
const char* cpp_bool(std::int64_t v) { return v != 0 ? "true" : "false"; }
std::string cpp_value(const ObjectRecord& o, std::int64_t v) {
  return o.boolean && v != kOpaque ? cpp_bool(v) : value(v);
}

std::string describe_compare_exchange(const ObjectRecord& rec, const std::string& o, const Op& op,
                                      std::int64_t r) {
  const char* call = op.kind == OpKind::compare_exchange ? "compare_exchange" : "compare_exchange_weak";
  const std::string head = fmt::format("{}.{}(expected {}, desired {})", o, call, cpp_value(rec, pair_first(op.arg)),
                                       cpp_value(rec, pair_second(op.arg)));
  if (r == kExchanged) return head + " -> true";
  if (r == kSpuriousFailure) return head + " -> false (spurious failure)";
  return fmt::format("{} -> false (was {})", head, cpp_value(rec, r));
}

std::string describe_condvar(const std::string& o, const Op& op, std::int64_t r) {
  const std::string call = op.arg < 0 ? "wait()" : fmt::format("wait_for({})", op.arg);
  switch (op.kind) {
    case OpKind::wait:
      if (op.arg == 0) return fmt::format("{}.{} releases lock, times out at once", o, call);
      return fmt::format("{}.{} blocks, releases lock", o, call);
    case OpKind::wait_wake:
      if (r != 0) return fmt::format("{}.{} wakes up notified, reacquires lock", o, call);
      if (op.arg < 0) return fmt::format("{}.{} wakes up spuriously", o, call);
      return fmt::format("{}.{} wakes up unnotified", o, call);
    case OpKind::wait_reacquire:
      if (op.arg < 0) return fmt::format("{}.{} reacquires lock", o, call);
      return fmt::format("{}.{} reacquires lock -> cv_status::{}", o, call, r != 0 ? "no_timeout" : "timeout");
    case OpKind::notify:
      return fmt::format("{}.{}() wakes {} waiter(s)", o, op.arg < 0 ? "notify_all" : "notify_one", r);
    default: return "?";
  }
}

std::string describe_outcome(const ObjectRecord& rec, const std::string& o, std::int64_t r) {
  if (rec.kind == ObjectKind::atomic) {
    return r != 0 ? fmt::format("{}.compare_exchange_weak fails spuriously", o)
                  : fmt::format("{}.compare_exchange_weak does not fail spuriously", o);
  }
  return r != 0 ? fmt::format("{}.wait_for woke spuriously (not a timeout)", o)
                : fmt::format("{}.wait_for: the timeout expired", o);
}

}  // namespace

std::string_view kind_prefix(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::thread: return "thread";
    case ObjectKind::lock: return "lock";
    case ObjectKind::rlock: return "rlock";
    case ObjectKind::condition: return "cond";
    case ObjectKind::process_condition: return "pcond";
    case ObjectKind::queue: return "queue";
    case ObjectKind::process_queue: return "pqueue";
    case ObjectKind::semaphore: return "sem";
    case ObjectKind::event: return "event";
    case ObjectKind::shared: return "var";
    case ObjectKind::atomic: return "atomic";
    case ObjectKind::choice: return "choice";
    case ObjectKind::barrier: return "barrier";
    case ObjectKind::shared_mutex: return "shared_mutex";
    case ObjectKind::latch: return "latch";
    case ObjectKind::condvar: return "condvar";
  }
  return "object";
}

std::string format_location(const std::source_location& location) {
  if (location.line() == 0) return {};
  return fmt::format("{}:{}", location.file_name(), location.line());
}

std::string step_object(const Execution& ex, const StepRecord& s) {
  switch (s.op.kind) {
    case OpKind::spawn:
    case OpKind::join:
    case OpKind::join_at_exit:
    case OpKind::is_alive:
      return ex.thread_name(static_cast<ThreadId>(s.op.arg));
    case OpKind::join_timed:
      return ex.thread_name(joined_thread(s.op.arg));
    case OpKind::yield:
    case OpKind::sleep:
    case OpKind::finish:
    case OpKind::assume:
    case OpKind::atomic_begin:
    case OpKind::atomic_end:
      return {};
    case OpKind::choose:
      return s.op.object == kNoObject ? std::string() : ex.object_name(s.op.object);
    default:
      return ex.object_name(s.op.object);
  }
}

std::string describe_step(const Execution& ex, const StepRecord& s) {
  const Op& op = s.op;
  const std::string o = step_object(ex, s);
  const std::int64_t r = s.result;
  if (op.object != kNoObject && ex.object(op.object).kind == ObjectKind::process_condition) {
    return describe_process_condition(o, op, r);
  }
  const bool event = op.object != kNoObject && ex.object(op.object).kind == ObjectKind::event;
  if (op.object != kNoObject && ex.object(op.object).kind == ObjectKind::condvar && op.kind != OpKind::choose) {
    return describe_condvar(o, op, r);
  }
  const ObjectRecord* rec = op.object != kNoObject ? &ex.object(op.object) : nullptr;
  // A Shared<bool> prints as Python would (it backs Python's variables); an Atomic<bool> as C++.
  auto shown = [rec](std::int64_t v) {
    if (rec == nullptr || !rec->boolean || v == kOpaque) return value(v);
    return std::string(rec->kind == ObjectKind::atomic ? cpp_bool(v) : boolean(v));
  };
  switch (op.kind) {
    case OpKind::spawn: return fmt::format("starts thread {}", o);
    case OpKind::join: return fmt::format("{}.join()", o);
    case OpKind::join_at_exit: return fmt::format("{}.join() (at the end of the model body)", o);
    case OpKind::yield: return "yield()";
    case OpKind::sleep: return fmt::format("sleep({})", op.arg);
    case OpKind::finish: return "finishes";
    case OpKind::acquire: return fmt::format("{}.acquire()", o);
    case OpKind::try_acquire:
      if (op.arg == 0) return fmt::format("{}.acquire(blocking=False) -> {}", o, boolean(r));
      return r != 0 ? fmt::format("{}.acquire(timeout={}) -> True", o, op.arg)
                    : fmt::format("{}.acquire(timeout={}) times out -> False", o, op.arg);
    case OpKind::release: return fmt::format("{}.release()", o);
    case OpKind::wait:
      if (op.arg == 0) return fmt::format("{}.wait(timeout=0) releases lock, does not block", o);
      return fmt::format("{}.wait({}) blocks, releases lock", o, timeout(op.arg));
    case OpKind::wait_wake:
      if (event) {
        return r != 0 ? fmt::format("{}.wait({}) woken by set() -> True", o, timeout(op.arg))
                      : fmt::format("{}.wait({}) times out -> False", o, timeout(op.arg));
      }
      if (r != 0) return fmt::format("{}.wait({}) wakes up notified, reacquires lock", o, timeout(op.arg));
      if (op.arg > 0) return fmt::format("{}.wait({}) times out", o, timeout(op.arg));
      return fmt::format("{}.wait() wakes up spuriously", o);
    case OpKind::wait_reacquire:
      return fmt::format("{}.wait({}) reacquires lock, returns False", o, timeout(op.arg));
    case OpKind::notify:
      if (op.arg < 0) return fmt::format("{}.notify_all() wakes {} waiter(s)", o, r);
      return fmt::format("{}.notify({}) wakes {} waiter(s)", o, op.arg == 1 ? "" : std::to_string(op.arg), r);
    case OpKind::put: return fmt::format("{}.put({})", o, value(op.arg));
    case OpKind::deliver: return fmt::format("{} feeder delivers {}", o, value(r));
    case OpKind::get: return fmt::format("{}.get() -> {}", o, value(r));
    case OpKind::get_timed:
      return r == kNone ? fmt::format("{}.get(timeout={}) times out (queue.Empty)", o, op.arg)
                              : fmt::format("{}.get(timeout={}) -> {}", o, op.arg, value(r));
    case OpKind::try_get:
      return r == kNone ? fmt::format("{}.get_nowait() raises queue.Empty", o)
                              : fmt::format("{}.get_nowait() -> {}", o, value(r));
    case OpKind::empty: return fmt::format("{}.empty() -> {}", o, boolean(r));
    case OpKind::size:
      if (op.arg == 1) return fmt::format("{}.full() -> {}", o, boolean(r));
      return fmt::format("{}.qsize() -> {}", o, r);
    case OpKind::sem_acquire: return fmt::format("{}.acquire()", o);
    case OpKind::sem_acquire_timed:
      if (op.arg < 0) return fmt::format("{}.acquire(blocking=False) -> {}", o, boolean(r));
      return fmt::format("{}.acquire(timeout={}) -> {}", o, op.arg, boolean(r));
    case OpKind::sem_release: {
      const std::string call = op.arg == 1 ? fmt::format("{}.release()", o) : fmt::format("{}.release({})", o, op.arg);
      if (r == 0) return call;
      return fmt::format("{} raises ValueError ({})", call,
                         op.arg < 1 ? "n must be one or more" : "Semaphore released too many times");
    }
    case OpKind::event_set: return fmt::format("{}.set()", o);
    case OpKind::event_clear: return fmt::format("{}.clear()", o);
    case OpKind::event_is_set: return fmt::format("{}.is_set() -> {}", o, boolean(r));
    case OpKind::event_wait:
      return r != 0 ? fmt::format("{}.wait() -> True", o) : fmt::format("{}.wait() blocks (flag not set)", o);
    case OpKind::event_wait_timed:
      if (r != 0 || op.arg == 0) return fmt::format("{}.wait(timeout={}) -> {}", o, op.arg, boolean(r));
      return fmt::format("{}.wait(timeout={}) blocks (flag not set)", o, op.arg);
    case OpKind::load: return fmt::format("{}.load() -> {}", o, shown(r));
    case OpKind::store: return fmt::format("{}.store({})", o, shown(op.arg));
    case OpKind::exchange: return fmt::format("{}.exchange({}) -> {}", o, shown(op.arg), shown(r));
    case OpKind::compare_exchange:
    case OpKind::compare_exchange_weak: return describe_compare_exchange(*rec, o, op, r);
    case OpKind::fetch_add: return fmt::format("{}.fetch_add({}) -> {}", o, value(op.arg), value(r));
    case OpKind::choose:
      if (rec != nullptr) return describe_outcome(*rec, o, r);
      return fmt::format("choose({}) -> {}", op.arg, r);
    // Python threading / queue additions (issue 17)
    case OpKind::locked: return fmt::format("{}.locked() -> {}", o, boolean(r));
    case OpKind::join_timed:
      return r != 0 ? fmt::format("{}.join(timeout={}) (finished)", o, join_timeout(op.arg))
                    : fmt::format("{}.join(timeout={}) times out (still alive)", o, join_timeout(op.arg));
    case OpKind::is_alive: return fmt::format("{}.is_alive() -> {}", o, boolean(r));
    case OpKind::barrier_wait:
    case OpKind::barrier_wake: return describe_barrier(o, op, r);
    case OpKind::barrier_control: return describe_barrier_control(o, op, r);
    case OpKind::put_timed: return describe_put_timed(o, op, r);
    case OpKind::task_done:
      return r != 0 ? fmt::format("{}.task_done() raises ValueError (task_done() called too many times)", o)
                    : fmt::format("{}.task_done()", o);
    case OpKind::queue_join: return fmt::format("{}.join()", o);
    // C++ primitives and model calls (issue 17)
    case OpKind::fetch_sub: return fmt::format("{}.fetch_sub({}) -> {}", o, value(op.arg), value(r));
    case OpKind::fetch_and: return fmt::format("{}.fetch_and({}) -> {}", o, value(op.arg), value(r));
    case OpKind::fetch_or: return fmt::format("{}.fetch_or({}) -> {}", o, value(op.arg), value(r));
    case OpKind::fetch_xor: return fmt::format("{}.fetch_xor({}) -> {}", o, value(op.arg), value(r));
    case OpKind::rw_lock: return fmt::format("{}.lock()", o);
    case OpKind::rw_try_lock: return fmt::format("{}.try_lock() -> {}", o, cpp_bool(r));
    case OpKind::rw_unlock: return fmt::format("{}.unlock()", o);
    case OpKind::rw_lock_shared: return fmt::format("{}.lock_shared()", o);
    case OpKind::rw_try_lock_shared: return fmt::format("{}.try_lock_shared() -> {}", o, cpp_bool(r));
    case OpKind::rw_unlock_shared: return fmt::format("{}.unlock_shared()", o);
    case OpKind::latch_count_down: return fmt::format("{}.count_down({}), counter now {}", o, op.arg, r);
    case OpKind::latch_try_wait: return fmt::format("{}.try_wait() -> {}", o, cpp_bool(r));
    case OpKind::latch_wait: return fmt::format("{}.wait() returns (counter is 0)", o);
    case OpKind::assume: return op.arg != 0 ? "assume(true)" : "assume(false): execution pruned";
    case OpKind::atomic_begin: return "atomically {";
    case OpKind::atomic_end: return "} atomically";
  }
  return "?";
}

std::string blocked_reason(const Execution& ex, ThreadId thread, const Op& op) {
  switch (op.kind) {
    case OpKind::join:
      return fmt::format("waits for {} to finish ({}.join())", ex.thread_name(static_cast<ThreadId>(op.arg)),
                         ex.thread_name(static_cast<ThreadId>(op.arg)));
    case OpKind::join_at_exit:
      return fmt::format("waits for {} to finish (the model body has ended; Python waits for its threads)",
                         ex.thread_name(static_cast<ThreadId>(op.arg)));
    default: {
      const ObjectRecord& o = ex.object(op.object);
      if (o.object == nullptr) return fmt::format("waits on {}, which was destroyed", ex.object_name(op.object));
      return o.object->blocked_on(thread, op);
    }
  }
}

}  // namespace lockstep::detail
