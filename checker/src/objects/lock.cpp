// threading.Lock / threading.RLock and the `with` guard.
#include "lockstep/lock.hpp"

#include <exception>

#include <fmt/format.h>

namespace lockstep {
namespace detail {

LockBase::LockBase(bool reentrant, ObjectId parent)
    : id_(attach(this, reentrant ? ObjectKind::rlock : ObjectKind::lock, parent)), reentrant_(reentrant) {}

LockBase::~LockBase() { detach(id_); }

bool LockBase::available_to(ThreadId thread) const {
  return count_ == 0 || (reentrant_ && owner_ == thread);
}

bool LockBase::enabled(ThreadId thread, const Op& op) const {
  switch (op.kind) {
    case OpKind::try_acquire:
    case OpKind::release:
      return true;
    default:  // acquire, and a Condition's re-acquire after wait
      return available_to(thread);
  }
}

std::string LockBase::blocked_on(ThreadId thread, const Op&) const {
  if (owner_ == thread) {
    return fmt::format("waits to acquire {}, which it holds itself (a Lock is not reentrant)", object_name(id_));
  }
  return fmt::format("waits to acquire {} (held by {})", object_name(id_), thread_name(owner_));
}

void LockBase::acquire(std::source_location location) {
  step({OpKind::acquire, id_, 0, location});
  owner_ = self();
  ++count_;
  hb_acquire(id_);
}

bool LockBase::acquire(bool blocking, std::source_location location) {
  if (blocking) {
    acquire(location);
    return true;
  }
  step({OpKind::try_acquire, id_, 0, location});
  bool ok = available_to(self());
  if (ok) {
    owner_ = self();
    ++count_;
    hb_acquire(id_);
  }
  set_result(ok);
  return ok;
}

void LockBase::release(std::source_location location) {
  step({OpKind::release, id_, 0, location});
  perform_release(location);
}

void LockBase::release_in_destructor(std::source_location location) {
  if (!step_in_destructor({OpKind::release, id_, 0, location})) return;
  // Misuse found while an exception leaves the guard's scope cannot be reported by
  // throwing (that would terminate the checker); the exception itself is reported.
  if (!is_owned() && std::uncaught_exceptions() > 0) return;
  perform_release(location);
}

void LockBase::perform_release(std::source_location location) {
  if (count_ == 0) fail(FailureKind::model_misuse, "release unlocked lock " + object_name(id_), location);
  if (reentrant_ && owner_ != self()) {
    fail(FailureKind::model_misuse, "cannot release un-acquired lock " + object_name(id_), location);
  }
  --count_;
  hb_release(id_);
}

Guard LockBase::lock(std::source_location location) {
  acquire(location);
  return Guard(this, location);
}

bool LockBase::is_owned() const { return count_ > 0 && (!reentrant_ || owner_ == self()); }

int LockBase::release_save() {
  int count = count_;
  count_ = 0;
  hb_release(id_);
  return count;
}

void LockBase::acquire_restore(int count) {
  owner_ = self();
  count_ = count;
  hb_acquire(id_);
}

}  // namespace detail

Guard::Guard(detail::LockBase* lock, std::source_location location) : lock_(lock), location_(location) {}

Guard::Guard(Guard&& other) noexcept : lock_(other.lock_), location_(other.location_) { other.lock_ = nullptr; }

// Like `with m:`, also when an exception leaves the scope; not when the execution is torn
// down (the lock goes with it).
Guard::~Guard() noexcept(false) {
  if (lock_ != nullptr && !detail::tearing_down()) lock_->release_in_destructor(location_);
}

void Guard::release(std::source_location location) {
  if (lock_ == nullptr) detail::fail(FailureKind::model_misuse, "guard released twice", location);
  auto* lock = lock_;
  lock_ = nullptr;
  lock->release(location);
}

}  // namespace lockstep
