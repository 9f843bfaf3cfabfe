// multiprocessing.Condition, step for step as CPython's Lib/multiprocessing/synchronize.py:
// wait() = sleeping_count.release(); release the lock fully; wait_semaphore.acquire(True,
// timeout); woken_count.release(); re-acquire the lock. notify(n) discounts the sleepers that
// timed out since the last notify, releases wait_semaphore once per sleeper it wakes (any
// sleeper may take each wake-up), waits for that many woken_count acquires, then rezeroes
// wait_semaphore. A notified sleeper's acquire and acknowledgement are one step (only the
// notifier, which waits for it, could tell them apart); a timed-out sleeper's are two.
#include "lockstep/process_condition.hpp"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

ProcessCondition::ProcessCondition() : ConditionBase(detail::ObjectKind::process_condition) {}

ProcessCondition::ProcessCondition(detail::LockBase& lock)
    : ConditionBase(detail::ObjectKind::process_condition, lock) {}

ProcessCondition::~ProcessCondition() = default;


void ProcessCondition::check_owned(detail::ThreadId thread, const char* what, std::source_location location) const {
  if (!lock_.is_owned(thread)) {
    detail::fail(FailureKind::model_misuse,
                 fmt::format("{}.{}() without holding its lock (CPython: AssertionError)", detail::object_name(id_),
                             what),
                 location);
  }
}

bool ProcessCondition::wait_impl(Guard& guard, int timeout, std::source_location location) {
  check_guard(guard, location);
  const detail::ThreadId me = detail::inline_verbs::step({OpKind::wait, id_, timeout, location});
  check_owned(me, "wait", location);
  ++sleeping_;
  const int saved = lock_.release_save();

  detail::inline_verbs::step({OpKind::wait_wake, id_, timeout, location});
  const bool woke = wake_ups_ > 0;
  detail::set_result(woke);
  if (!woke) detail::no_progress();  // timed out
  if (woke) {
    --wake_ups_;
    ++woken_;
    detail::hb_acquire(id_);
    detail::hb_release(id_);
  } else {
    detail::inline_verbs::step({OpKind::sem_release, id_, timeout, location});  // woken_count.release()
    ++woken_;
    detail::hb_release(id_);
  }
  detail::inline_verbs::step({OpKind::wait_reacquire, id_, timeout, location});
  lock_.acquire_restore(me, saved);
  detail::set_result(woke);
  return woke;
}


void ProcessCondition::notify_impl(int n, std::int64_t shown, std::source_location location) {
  const detail::ThreadId me = detail::inline_verbs::step({OpKind::notify, id_, shown, location});
  check_owned(me, shown < 0 ? "notify_all" : "notify", location);
  // Sleepers that timed out since the last notify are no longer asleep.
  const int timed_out = std::min(woken_, sleeping_);
  woken_ -= timed_out;
  sleeping_ -= timed_out;
  const int sleepers = std::clamp(n, 0, sleeping_);
  sleeping_ -= sleepers;
  wake_ups_ += sleepers;
  detail::set_result(sleepers);
  detail::hb_release(id_);
  if (sleepers == 0) return;
  acks_wanted_ = sleepers;
  detail::inline_verbs::step({OpKind::sem_acquire, id_, sleepers, location});  // woken_count.acquire() x sleepers
  detail::hb_acquire(id_);
  woken_ -= sleepers;
  acks_wanted_ = 0;
  wake_ups_ = 0;  // rezero wait_semaphore in case some timeouts just happened
}

void ProcessCondition::notify(int n, std::source_location location) { notify_impl(n, n, location); }

void ProcessCondition::notify_all(std::source_location location) { notify_impl(INT_MAX, -1, location); }

bool ProcessCondition::enabled(detail::ThreadId thread, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::wait_wake: return wake_ups_ > 0 || op.arg >= 0;  // a timed wait may time out
    case OpKind::sem_acquire: return woken_ >= acks_wanted_;
    case OpKind::wait_reacquire: return lock_.available_to(thread);
    default: return true;
  }
}

bool ProcessCondition::polls_in_vain(detail::ThreadId, const detail::Op& op) const {
  return op.kind == OpKind::wait_wake && wake_ups_ == 0;  // times out
}

std::string ProcessCondition::blocked_on(detail::ThreadId thread, const detail::Op& op) const {
  const std::string name = detail::object_name(id_);
  switch (op.kind) {
    case OpKind::wait_wake: return fmt::format("waits in {}.wait() for a notify that never comes", name);
    case OpKind::sem_acquire:
      return fmt::format("waits in {}.notify(), holding the lock, for {} woken sleeper(s) to acknowledge", name,
                         acks_wanted_ - woken_);
    default: return fmt::format("returns from {}.wait(), {}", name, lock_.blocked_on(thread, op));
  }
}

}  // namespace lockstep
