// The parts of Condition and ProcessCondition that CPython writes the same way for both.
#include "lockstep/detail/condition_base.hpp"

#include <fmt/format.h>

namespace lockstep::detail {

ConditionBase::ConditionBase(ObjectKind kind) : id_(attach(this, kind)), own_lock_(std::in_place, id_), lock_(*own_lock_) {
  bind_lock(id_, lock_.id());
}

ConditionBase::ConditionBase(ObjectKind kind, LockBase& lock) : id_(attach(this, kind)), lock_(lock) {
  bind_lock(id_, lock_.id());
}

ConditionBase::~ConditionBase() { detach(id_); }

void ConditionBase::acquire(std::source_location location) { lock_.acquire(location); }
bool ConditionBase::acquire(bool blocking, std::source_location location) { return lock_.acquire(blocking, location); }
bool ConditionBase::acquire(int timeout, std::source_location location) { return lock_.acquire(timeout, location); }
void ConditionBase::release(std::source_location location) { lock_.release(location); }

void ConditionBase::wrong_guard(std::source_location location) const {
  fail(FailureKind::model_misuse,
       fmt::format("{}.wait() was given a guard that does not hold {}'s lock", object_name(id_), object_name(id_)),
       location);
}

}  // namespace lockstep::detail
