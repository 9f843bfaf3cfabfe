// threading.Lock / threading.RLock and the `with` guard.
#include "lockstep/lock.hpp"

#include <exception>

#include <fmt/format.h>

#include "lockstep/exceptions.hpp"
#include "runtime/step_verbs.hpp"

namespace lockstep {
namespace detail {
namespace {
// Out of line, so that the release path without misuse stays short.
[[noreturn, gnu::noinline, gnu::cold]] void misuse(const char* what, ObjectId lock, std::source_location location) {
  fail(FailureKind::model_misuse, what + object_name(lock), location);
}
}  // namespace

LockBase::LockBase(bool reentrant, ObjectId parent)
    : id_(attach(this, reentrant ? ObjectKind::rlock : ObjectKind::lock, parent)), reentrant_(reentrant) {}

LockBase::~LockBase() { detach(id_); }

// Asked at every scheduling point about each thread waiting to acquire: the lock being
// free, the common answer, is checked first.
bool LockBase::enabled(ThreadId thread, const Op& op) const {
  return count_ == 0 || op.kind == OpKind::try_acquire || op.kind == OpKind::release ||
         (reentrant_ && owner_ == thread);
}

bool LockBase::polls_in_vain(ThreadId thread, const Op& op) const {
  return op.kind == OpKind::try_acquire && !available_to(thread);
}

std::string LockBase::blocked_on(ThreadId thread, const Op&) const {
  if (owner_ == thread) {
    return fmt::format("waits to acquire {}, which it holds itself (a Lock is not reentrant)", object_name(id_));
  }
  return fmt::format("waits to acquire {} (held by {})", object_name(id_), thread_name(owner_));
}

void LockBase::acquire(std::source_location location) {
  owner_ = inline_verbs::step_acquire(id_, location);
  ++count_;
}

bool LockBase::acquire(bool blocking, std::source_location location) {
  if (blocking) {
    acquire(location);
    return true;
  }
  return try_acquire(0, location);
}

// CPython's lock_acquire_parse_args: -1 is "forever", 0 "do not block".
bool LockBase::acquire(int timeout, std::source_location location) {
  if (timeout == -1) {
    acquire(location);
    return true;
  }
  if (timeout < 0) throw lockstep::ValueError("timeout value must be a non-negative number");
  return try_acquire(timeout, location);
}

bool LockBase::acquire(bool blocking, int timeout, std::source_location location) {
  if (!blocking && timeout != -1) throw lockstep::ValueError("can't specify a timeout for a non-blocking call");
  return blocking ? acquire(timeout, location) : try_acquire(0, location);
}

bool LockBase::locked(std::source_location location) {
  inline_verbs::step<OpKind::locked>(id_, 0, location);
  set_result(count_ > 0);
  return count_ > 0;
}

// One step, enabled at any point: it takes the lock if free there, and otherwise (timeout
// 0: does not wait; timeout > 0: the timeout fires there, abstract time) returns false.
bool LockBase::try_acquire(std::int64_t timeout, std::source_location location) {
  const ThreadId me = inline_verbs::step<OpKind::try_acquire>(id_, timeout, location);
  bool ok = available_to(me);
  if (ok) {
    owner_ = me;
    ++count_;
    hb_acquire(id_);
  }
  set_result(ok);
  if (!ok) no_progress();
  return ok;
}

void LockBase::release(std::source_location location) {
  perform_release(inline_verbs::step<OpKind::release>(id_, 0, location), location);
}

void LockBase::release_in_destructor(std::source_location location) {
  const ThreadId me = inline_verbs::step_release_in_destructor(id_, location);
  if (me == inline_verbs::kTornDown) return;
  // Misuse found while an exception leaves the guard's scope cannot be reported by
  // throwing (that would terminate the checker); the exception itself is reported.
  if (!is_owned(me) && std::uncaught_exceptions() > 0) return;
  perform_release(me, location);
}

void LockBase::perform_release(ThreadId thread, std::source_location location) {
  if (count_ == 0) misuse("release unlocked lock ", id_, location);
  if (reentrant_ && owner_ != thread) misuse("cannot release un-acquired lock ", id_, location);
  --count_;
  hb_release(id_);
}

// Not through acquire(): the switch is made from this frame (runtime/step_verbs.hpp).
Guard LockBase::lock(std::source_location location) {
  owner_ = inline_verbs::step_acquire(id_, location);
  ++count_;
  return Guard(this, location);
}

int LockBase::release_save() {
  int count = count_;
  count_ = 0;
  hb_release(id_);
  return count;
}

void LockBase::acquire_restore(ThreadId thread, int count) {
  owner_ = thread;
  count_ = count;
  hb_acquire(id_);
}

}  // namespace detail

Guard::Guard(detail::LockBase* lock, std::source_location location) : lock_(lock), location_(location) {}

Guard::Guard(Guard&& other) noexcept : lock_(other.lock_), location_(other.location_) { other.lock_ = nullptr; }

// Like `with m:`, also when an exception leaves the scope; not when the execution is torn
// down (the lock goes with it: release_in_destructor's step says so).
Guard::~Guard() noexcept(false) {
  if (lock_ == nullptr) return;
  // Torn down, the lock may be gone already: a daemon's guard is unwound after the model
  // body's locals were destroyed (found by UndefinedBehaviorSanitizer in lockstep_difftest).
  if (const detail::Execution* e = detail::current_execution(); e != nullptr && e->tearing_down()) return;
  lock_->release_in_destructor(location_);
}

void Guard::release(std::source_location location) {
  if (lock_ == nullptr) detail::fail(FailureKind::model_misuse, "guard released twice", location);
  auto* lock = lock_;
  lock_ = nullptr;
  lock->release(location);
}

}  // namespace lockstep
