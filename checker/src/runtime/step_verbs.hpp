// The verbs that take a step, inline for the primitives compiled into the library (Lock,
// Condition, Event, Semaphore...). A fiber resumed by a switch mispredicts each return it
// makes between the model's code and that switch (fiber/switch.hpp); with these inline, a
// Lock's acquire switches from its own frame, one return away from the model's code. The
// primitives defined in public headers call the out-of-line step() of
// lockstep/detail/runtime.hpp, which is inline_verbs::step.
#pragma once

#include <cstdint>
#include <source_location>

#include "runtime/execution.hpp"

namespace lockstep::detail::inline_verbs {

// A primitive used outside `lockstep run`: there is no execution to report to.
[[noreturn, gnu::cold]] void outside_execution();

[[gnu::always_inline]] inline Execution& running() {
  Execution* e = current_execution();
  if (e == nullptr) [[unlikely]] outside_execution();
  return *e;
}

// Schedules: returns when this thread is picked to perform `op`, and returns this thread.
// Throws Abort when the execution is being torn down (the exception must not be swallowed).
[[gnu::always_inline]] inline ThreadId step(const Op& op) {
  Execution& e = running();
  if (!e.step(op)) throw Abort{};
  return e.self();
}

// step({kKind, object, arg, location}) for a kind known where it is called: the Op is built
// here, in registers, and the checks on its kind fold away.
template <OpKind kKind>
[[gnu::always_inline]] inline ThreadId step(ObjectId object, std::int64_t arg, std::source_location location) {
  return inline_verbs::step(Op{kKind, object, arg, location});  // qualified: no ADL to detail::step
}

// A blocking lock acquire, with its happens-before edge.
[[gnu::always_inline]] inline ThreadId step_acquire(ObjectId lock, std::source_location location) {
  Execution& e = running();
  if (!e.step({OpKind::acquire, lock, 0, location})) throw Abort{};
  const ThreadId me = e.self();
  e.happens_before().acquire(me, lock);
  return me;
}

// A notify, with its happens-before edge. The caller's misuse check may come after the
// release: a failure ends the execution.
[[gnu::always_inline]] inline ThreadId step_notify(ObjectId condition, std::int64_t n,
                                                   std::source_location location) {
  Execution& e = running();
  if (!e.step({OpKind::notify, condition, n, location})) throw Abort{};
  const ThreadId me = e.self();
  e.happens_before().release(me, condition);
  return me;
}

// A lock release in a destructor (a Guard's), which cannot throw: kTornDown instead of this
// thread when the execution is torn down, and the caller then skips the release (unless the
// thread does not return at all: Execution::torn_down_in_destructor).
inline constexpr ThreadId kTornDown = kMaxThreads;
[[gnu::always_inline]] inline ThreadId step_release_in_destructor(ObjectId lock, std::source_location location) {
  Execution& e = running();
  if (e.step({OpKind::release, lock, 0, location})) [[likely]] return e.self();
  e.torn_down_in_destructor();
  return kTornDown;
}

}  // namespace lockstep::detail::inline_verbs
