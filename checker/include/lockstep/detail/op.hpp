// A visible operation: what a thread is about to do (pending) or did (a trace step).
#pragma once

#include <cstdint>
#include <source_location>

namespace lockstep::detail {

using ThreadId = std::uint8_t;  // at most kMaxThreads threads per execution
using ObjectId = std::uint32_t;
inline constexpr int kMaxThreads = 64;
inline constexpr ObjectId kNoObject = ~ObjectId{0};

enum class ObjectKind : std::uint8_t {
  thread, lock, rlock, condition, process_condition, queue, process_queue,
  semaphore, event, shared, atomic, choice,
  // Python threading additions (issue 17)
  barrier,
  // C++ primitives (std::shared_mutex, std::latch, std::condition_variable)
  shared_mutex, latch, condvar,
};

// An operation that can block must also be listed in kMayBlock (src/runtime/execution.hpp):
// the others are taken to be always enabled.
enum class OpKind : std::uint8_t {
  // threads (object = the thread's own id as ObjectId)
  spawn, join, join_at_exit, yield, sleep, finish,
  // Lock / RLock
  acquire, try_acquire, release,
  // Condition
  wait, wait_wake, wait_reacquire, notify,
  // Queue
  put, get, get_timed, try_get, empty, size, deliver,
  // Semaphore
  sem_acquire, sem_acquire_timed, sem_release,
  // Event
  event_set, event_clear, event_is_set, event_wait, event_wait_timed,
  // Shared / Atomic
  load, store, exchange, compare_exchange, fetch_add,
  // nondeterministic value
  choose,
  // ---- Python threading / queue additions (issue 17) ----
  // Lock / RLock: locked()
  locked,
  // Thread: join(timeout) (never blocks: it may time out), is_alive() (arg = the thread)
  join_timed, is_alive,
  // Barrier: wait() arrives (blocks while the barrier drains or resets), a waiter's wake-up,
  // reset() / abort() (which wait while the last party runs the action) / broken / n_waiting
  // (arg: which, see BarrierControl)
  barrier_wait, barrier_wake, barrier_control,
  // Queue: put(v, timeout) and put_nowait (arg = timeout, kPutNowait for put_nowait), task_done(),
  // join() (blocks while tasks are unfinished)
  put_timed, task_done, queue_join,
  // ---- C++ primitives and model calls (prims-cpp) ----
  // Atomic read-modify-writes beyond fetch_add; compare_exchange_weak may fail spuriously
  fetch_sub, fetch_and, fetch_or, fetch_xor, compare_exchange_weak,
  // SharedMutex (std::shared_mutex): exclusive, then shared ownership
  rw_lock, rw_try_lock, rw_unlock, rw_lock_shared, rw_try_lock_shared, rw_unlock_shared,
  // Latch (std::latch); arrive_and_wait is a count_down step and a wait step
  latch_count_down, latch_try_wait, latch_wait,
  // assume(cond) (recorded, not a scheduling point); atomically's begin and end
  assume, atomic_begin, atomic_end,
};

// join_timed's argument: the thread joined (what dependence looks at) and the timeout (what
// the trace shows).
inline constexpr std::int64_t join_timed_arg(ThreadId thread, int timeout) {
  return static_cast<std::int64_t>(thread) | (static_cast<std::int64_t>(timeout) << 8);
}
inline constexpr ThreadId joined_thread(std::int64_t arg) { return static_cast<ThreadId>(arg & 0xff); }
inline constexpr int join_timeout(std::int64_t arg) { return static_cast<int>(arg >> 8); }

struct Op {
  OpKind kind{};
  ObjectId object = kNoObject;
  std::int64_t arg = 0;  // kind-specific: timeout, notify count, value stored...
  std::source_location location;
};

}  // namespace lockstep::detail
