// std::condition_variable in the words of [thread.condition.condvar]: wait atomically
// releases the lock and blocks; it unblocks when notified or spuriously (and for wait_for,
// when the timeout expires), then re-acquires the lock. The lock must be held by the
// calling thread, and every concurrent wait must use the same one (undefined behaviour
// otherwise: model misuse; lockstep asks it of every wait, concurrent or not).
// notify_one/notify_all need no lock.
#include "lockstep/condvar.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {
namespace {
std::uint64_t bit(detail::ThreadId t) { return std::uint64_t{1} << t; }

[[noreturn, gnu::noinline, gnu::cold]] void misuse(detail::ObjectId id, const char* why,
                                                   std::source_location location) {
  detail::fail(FailureKind::model_misuse, fmt::format("{}.wait(): {}", detail::object_name(id), why), location);
}
}  // namespace

using detail::OpKind;

CondVar::CondVar() : id_(detail::attach(this, detail::ObjectKind::condvar)) {}

CondVar::CondVar(std::string_view name) : CondVar() { detail::rename(id_, name); }

CondVar::~CondVar() { detail::detach(id_); }

// Steps: `wait` releases the lock; `wait_wake` unblocks (notified: it re-acquires the lock
// in the same step, as Condition does; otherwise spuriously or, for wait_for, on timeout);
// an unnotified wake-up then re-acquires in a `wait_reacquire` step. A wake-up that is not
// notified counts as a yield for the fair scheduler: a retry loop does not spin forever.
cv_status CondVar::wait_impl(Guard& guard, int ticks, std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::wait>(id_, ticks, location);
  detail::LockBase* lock = guard.lock_;
  if (lock == nullptr) misuse(id_, "the guard holds no lock", location);
  if (lock->reentrant()) misuse(id_, "needs a Lock's guard (std::unique_lock<std::mutex>), not an RLock's", location);
  if (!lock->held_by(me)) misuse(id_, "the calling thread does not hold the lock", location);
  if (lock_ == nullptr) {
    lock_ = lock;
    detail::bind_lock(id_, lock->id());
  } else if (lock != lock_) {
    misuse(id_, "waits with another lock than its first wait (lockstep binds a CondVar to one Lock)", location);
  }
  const int saved = lock->release_save();
  cv_status status = cv_status::timeout;
  if (ticks != 0) {
    waiters_.push_back(me);
    notified_ &= ~bit(me);
    // Untimed and not yet notified: only a spurious wake-up could end it (enabled_threads).
    if (ticks < 0) detail::set_only_spurious(me, true);
    detail::inline_verbs::step<OpKind::wait_wake>(id_, ticks, location);
    if (ticks < 0) detail::set_only_spurious(me, false);
    if ((notified_ & bit(me)) != 0) {
      notified_ &= ~bit(me);
      detail::set_result(1);
      detail::hb_acquire(id_);
      lock->acquire_restore(me, saved);
      return cv_status::no_timeout;
    }
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), me));
    const std::size_t wake = detail::latest_step_index();
    detail::no_progress_at(wake);
    // Untimed: a spurious wake-up. Timed: the timeout expired, or a spurious wake-up before.
    const bool spurious = ticks < 0 || detail::choose_outcome(id_, 2, wake) == 1;
    status = spurious ? cv_status::no_timeout : cv_status::timeout;
  }
  detail::inline_verbs::step<OpKind::wait_reacquire>(id_, ticks, location);
  lock->acquire_restore(me, saved);
  detail::set_result(status == cv_status::no_timeout);
  return status;
}

void CondVar::wake_first(std::size_t n) {
  const std::size_t count = std::min(n, waiters_.size());
  for (std::size_t i = 0; i < count; ++i) {
    notified_ |= bit(waiters_[i]);
    detail::set_only_spurious(waiters_[i], false);
  }
  waiters_.erase(waiters_.begin(), waiters_.begin() + static_cast<std::ptrdiff_t>(count));
  detail::set_result(static_cast<std::int64_t>(count));
}

void CondVar::notify_one(std::source_location location) {
  detail::inline_verbs::step_notify(id_, 1, location);
  wake_first(1);
}

void CondVar::notify_all(std::source_location location) {
  detail::inline_verbs::step_notify(id_, -1, location);
  wake_first(waiters_.size());
}

// An unnotified wake-up (a timeout or a spurious one): the fair scheduler holds it back.
bool CondVar::polls_in_vain(detail::ThreadId thread, const detail::Op& op) const {
  return op.kind == OpKind::wait_wake && (notified_ & bit(thread)) == 0;
}

bool CondVar::enabled(detail::ThreadId thread, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::wait_wake:
      return (notified_ & bit(thread)) == 0 || lock_->available_to(thread);
    case OpKind::wait_reacquire:
      return lock_->available_to(thread);
    default:
      return true;
  }
}

std::string CondVar::blocked_on(detail::ThreadId thread, const detail::Op& op) const {
  if (op.kind == OpKind::wait_wake && (notified_ & bit(thread)) == 0) {
    return fmt::format("waits in {}.wait() for a notify nobody is left to send (only a spurious wake-up could end it)",
                       detail::object_name(id_));
  }
  return fmt::format("woke up in {}.wait(), {}", detail::object_name(id_), lock_->blocked_on(thread, op));
}

}  // namespace lockstep
