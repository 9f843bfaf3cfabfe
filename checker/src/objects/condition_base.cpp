// The parts of Condition and ProcessCondition that CPython writes the same way for both.
#include "lockstep/detail/condition_base.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace lockstep::detail {

ConditionBase::ConditionBase(ObjectKind kind) : id_(attach(this, kind)), own_lock_(std::in_place, id_), lock_(*own_lock_) {}

ConditionBase::ConditionBase(ObjectKind kind, LockBase& lock) : id_(attach(this, kind)), lock_(lock) {}

ConditionBase::~ConditionBase() { detach(id_); }

Guard ConditionBase::lock(std::source_location location) { return lock_.lock(location); }
void ConditionBase::acquire(std::source_location location) { lock_.acquire(location); }
bool ConditionBase::acquire(bool blocking, std::source_location location) { return lock_.acquire(blocking, location); }
void ConditionBase::release(std::source_location location) { lock_.release(location); }

void ConditionBase::check_guard(const Guard& guard, std::source_location location) const {
  if (guard.lock_ != &lock_) {
    fail(FailureKind::model_misuse,
         fmt::format("{}.wait() was given a guard that does not hold {}'s lock", object_name(id_), object_name(id_)),
         location);
  }
}

void ConditionBase::wait(Guard& guard, std::source_location location) { wait_impl(guard, kForever, location); }

bool ConditionBase::wait(Guard& guard, int timeout, std::source_location location) {
  return wait_impl(guard, std::max(timeout, 0), location);
}

void ConditionBase::wait_for(Guard& guard, const std::function<bool()>& predicate, std::source_location location) {
  while (!predicate()) wait_impl(guard, kForever, location);
}

// CPython's loop; in abstract time the deadline passes exactly when a wait times out.
bool ConditionBase::wait_for(Guard& guard, const std::function<bool()>& predicate, int timeout,
                             std::source_location location) {
  bool expired = false;
  bool result = predicate();
  while (!result && !expired) {
    if (!wait_impl(guard, std::max(timeout, 0), location)) expired = true;
    result = predicate();
  }
  return result;
}

}  // namespace lockstep::detail
