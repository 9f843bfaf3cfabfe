// threading.Semaphore. CPython's acquire loops `while value == 0: cond.wait(timeout)`, so a
// release wakes a waiter that may lose the count to a barging thread and wait again: an
// acquire is enabled exactly while the count is positive.
#include "lockstep/semaphore.hpp"

#include <fmt/format.h>

#include "lockstep/exceptions.hpp"
#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

Semaphore::Semaphore(int value, std::source_location location) : Semaphore(value, -1, location) {}

Semaphore::Semaphore(int value, int bound, std::source_location)
    : id_(detail::attach(this, detail::ObjectKind::semaphore)), value_(value), bound_(bound) {
  if (value < 0) throw ValueError("semaphore initial value must be >= 0");
}

Semaphore::~Semaphore() { detail::detach(id_); }

void Semaphore::acquire(std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_acquire, id_, 0, location});
  detail::hb_acquire(id_);
  --value_;
  detail::hb_release(id_);
}

bool Semaphore::acquire(bool blocking, std::source_location location) {
  if (blocking) {
    acquire(location);
    return true;
  }
  return try_acquire(-1, location);  // the step's argument -1 shows blocking=False
}

bool Semaphore::acquire(int timeout, std::source_location location) { return try_acquire(timeout < 0 ? 0 : timeout, location); }

// One step: at whatever point the scheduler runs it, the count is taken if positive,
// otherwise the timeout fires there (abstract time).
bool Semaphore::try_acquire(std::int64_t timeout, std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_acquire_timed, id_, timeout, location});
  detail::hb_acquire(id_);
  const bool ok = value_ > 0;
  if (ok) --value_;
  detail::hb_release(id_);
  detail::set_result(ok);
  if (!ok) detail::no_progress();
  return ok;
}

// CPython checks n before it takes the semaphore's lock; here the raise is part of the
// step, so that the trace shows it (result 1: raised ValueError).
void Semaphore::release(int n, std::source_location location) {
  detail::inline_verbs::step({OpKind::sem_release, id_, n, location});
  detail::hb_acquire(id_);
  if (n < 1) {
    detail::set_result(1);
    throw ValueError("n must be one or more");
  }
  if (bound_ >= 0 && value_ + n > bound_) {
    detail::set_result(1);
    throw ValueError("Semaphore released too many times");
  }
  value_ += n;
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
