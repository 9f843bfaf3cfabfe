// threading.Condition, step for step as CPython's Lib/threading.py implements it.
#include "lockstep/condition.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {
namespace {
std::uint64_t bit(detail::ThreadId t) { return std::uint64_t{1} << t; }

// Out of line, so that the paths without misuse stay short. `call`: the method, `what`: the
// operation it performs (a notify_all notifies).
[[noreturn, gnu::noinline, gnu::cold]] void not_owned(const char* what, const char* call, detail::ObjectId id,
                                                      std::source_location location) {
  detail::fail(FailureKind::model_misuse,
               fmt::format("cannot {} on un-acquired lock ({}.{}() without holding it)", what,
                           detail::object_name(id), call),
               location);
}

std::string thread_names(std::uint64_t set) {
  std::string out;
  for (; set != 0; set &= set - 1) {
    out += out.empty() ? "" : " and ";
    out += detail::thread_name(static_cast<detail::ThreadId>(__builtin_ctzll(set)));
  }
  return out;
}
}  // namespace

using detail::OpKind;

Condition::Condition() : ConditionBase(detail::ObjectKind::condition) {}

Condition::Condition(detail::LockBase& lock) : ConditionBase(detail::ObjectKind::condition, lock) {}

Condition::~Condition() = default;

void Condition::forget(detail::ThreadId thread) {
  auto it = std::find(waiters_.begin(), waiters_.end(), thread);
  if (it != waiters_.end()) waiters_.erase(it);
  returned_ &= ~bit(thread);
}

// Wakes the first n waiters (all for n = -1) and remembers, for deadlock reports, whom
// this notify reached and which waiters it was lost on.
void Condition::wake_first(std::size_t n) {
  last_notify_woke_ = 0;
  last_notify_absorbed_ = 0;
  const std::size_t count = std::min(n, waiters_.size());
  if (count == 0) return;  // a notify nobody waits for, as often
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t b = bit(waiters_[i]);
    notified_ |= b;
    detail::set_only_spurious(waiters_[i], false);
    ((returned_ & b) ? last_notify_absorbed_ : last_notify_woke_) |= b;
    returned_ &= ~b;
  }
  waiters_.erase(waiters_.begin(), waiters_.begin() + static_cast<std::ptrdiff_t>(count));
}

// CPython: queue a waiter, release the lock fully, wait on the waiter (or not, for
// timeout 0), then re-acquire the lock as a step of its own and, when not notified, drop
// the waiter if still queued. A notify landing between a timeout and the re-acquire is
// absorbed by the waiter and lost.
bool Condition::wait_impl(Guard& guard, int timeout, std::source_location location) {
  check_guard(guard, location);
  const detail::ThreadId me = detail::inline_verbs::step<OpKind::wait>(id_, timeout, location);
  if (!lock_.is_owned(me)) not_owned("wait", "wait", id_, location);
  waiters_.push_back(me);
  notified_ &= ~bit(me);
  may_wake_ &= ~bit(me);
  if (timeout > 0 || (timeout < 0 && detail::spurious_wakeups())) may_wake_ |= bit(me);
  returned_ = timeout == 0 ? returned_ | bit(me) : returned_ & ~bit(me);
  const int saved = lock_.release_save();
  if (timeout != 0) {
    // Untimed and not yet notified: only a spurious wake-up could end it, and nothing
    // promises one, so when that is all that is left it is a deadlock (a lost wake-up).
    const bool only_spurious = timeout < 0 && (may_wake_ & bit(me)) != 0;
    if (only_spurious) detail::set_only_spurious(me, true);
    detail::inline_verbs::step<OpKind::wait_wake>(id_, timeout, location);
    if (only_spurious) detail::set_only_spurious(me, false);
    if (notified_ & bit(me)) {
      detail::set_result(1);
      detail::hb_acquire(id_);
      lock_.acquire_restore(me, saved);
      return true;
    }
    detail::set_result(0);  // the timeout fired (or a spurious wake-up)
    detail::no_progress();
    returned_ |= bit(me);
  }
  detail::inline_verbs::step<OpKind::wait_reacquire>(id_, timeout, location);
  if (timeout == 0) detail::no_progress();  // the poll found no notify
  lock_.acquire_restore(me, saved);
  forget(me);
  return false;
}


void Condition::notify(int n, std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step_notify(id_, n, location);
  if (!lock_.is_owned(me)) not_owned("notify", "notify", id_, location);
  const std::size_t woken = std::min(static_cast<std::size_t>(std::max(n, 0)), waiters_.size());
  wake_first(woken);
  detail::set_result(static_cast<std::int64_t>(woken));
}

void Condition::notify_all(std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step_notify(id_, -1, location);
  if (!lock_.is_owned(me)) not_owned("notify", "notify_all", id_, location);
  detail::set_result(static_cast<std::int64_t>(waiters_.size()));
  wake_first(waiters_.size());
}

bool Condition::enabled(detail::ThreadId thread, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::wait_wake:
      return (notified_ & bit(thread)) ? lock_.available_to(thread) : (may_wake_ & bit(thread)) != 0;
    case OpKind::wait_reacquire:
      return lock_.available_to(thread);
    default:
      return true;
  }
}

// A wake-up without a notify (a timeout, a spurious wake-up), and the re-acquire that ends a
// wait(timeout=0): the poll is over once the lock it released could be taken by others.
bool Condition::polls_in_vain(detail::ThreadId thread, const detail::Op& op) const {
  if (op.kind == OpKind::wait_wake) return (notified_ & bit(thread)) == 0;
  return op.kind == OpKind::wait_reacquire && op.arg == 0;
}

std::string Condition::blocked_on(detail::ThreadId thread, const detail::Op& op) const {
  if (op.kind == OpKind::wait_wake && !(notified_ & bit(thread))) {
    const std::string name = detail::object_name(id_);
    const int last_step = detail::latest_step(id_, OpKind::notify);
    if (last_step == 0) return fmt::format("waits in {}.wait(); {} was never notified", name, name);
    const std::string last = fmt::format("the last notify of {} (step #{})", name, last_step);
    if (last_notify_absorbed_ != 0) {
      return fmt::format("waits in {}.wait(); {} was absorbed by {}, whose wait had timed out", name, last,
                         thread_names(last_notify_absorbed_));
    }
    if (last_notify_woke_ == 0) return fmt::format("waits in {}.wait(); {} woke nobody", name, last);
    return fmt::format("waits in {}.wait(); {} woke {}, before this wait began", name, last,
                       thread_names(last_notify_woke_));
  }
  return fmt::format("was woken from {}.wait(), {}", detail::object_name(id_), lock_.blocked_on(thread, op));
}

}  // namespace lockstep
