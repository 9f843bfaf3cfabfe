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
};

struct Op {
  OpKind kind{};
  ObjectId object = kNoObject;
  std::int64_t arg = 0;  // kind-specific: timeout, notify count, value stored...
  std::source_location location;
};

}  // namespace lockstep::detail
