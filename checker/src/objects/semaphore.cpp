// threading.Semaphore. CPython's acquire loops `while value == 0: cond.wait(timeout)`, so a
// release wakes a waiter that may lose the count to a barging thread and wait again: an
// acquire is enabled exactly while the count is positive.
#include "lockstep/semaphore.hpp"

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

Semaphore::Semaphore(int value, std::source_location location)
    : id_(detail::attach(this, detail::ObjectKind::semaphore)), value_(value) {
  if (value < 0) detail::fail(FailureKind::model_misuse, "semaphore initial value must be >= 0", location);
}

Semaphore::~Semaphore() { detail::detach(id_); }

void Semaphore::acquire(std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_acquire, id_, 0, location});
  detail::hb_acquire(id_);
  --value_;
  detail::hb_release(id_);
}

// One step: at whatever point the scheduler runs it, the count is taken if positive,
// otherwise the timeout fires there (abstract time).
bool Semaphore::acquire(int timeout, std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_acquire_timed, id_, timeout < 0 ? 0 : timeout, location});
  detail::hb_acquire(id_);
  const bool ok = value_ > 0;
  if (ok) --value_;
  detail::hb_release(id_);
  detail::set_result(ok);
  if (!ok) detail::no_progress();
  return ok;
}

void Semaphore::release(std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_release, id_, 0, location});
  detail::hb_acquire(id_);
  ++value_;
  detail::hb_release(id_);
}

bool Semaphore::enabled(detail::ThreadId, const detail::Op& op) const {
  return op.kind != OpKind::sem_acquire || value_ > 0;
}

bool Semaphore::polls_in_vain(detail::ThreadId, const detail::Op& op) const {
  return op.kind == OpKind::sem_acquire_timed && value_ == 0;
}

std::string Semaphore::blocked_on(detail::ThreadId, const detail::Op&) const {
  return fmt::format("waits in {}.acquire() (count is 0)", detail::object_name(id_));
}

}  // namespace lockstep
