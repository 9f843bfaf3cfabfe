// threading.Event, as CPython builds it on a Condition: wait() checks the flag and, when
// clear, waits to be notified by set(); set() sets the flag and notifies every waiter.
#include "lockstep/event.hpp"

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {
namespace {
std::uint64_t bit(detail::ThreadId t) { return std::uint64_t{1} << t; }
}  // namespace

using detail::OpKind;

Event::Event() : id_(detail::attach(this, detail::ObjectKind::event)) {}

Event::~Event() { detail::detach(id_); }

void Event::set(std::source_location location) {
  detail::inline_verbs::step({OpKind::event_set, id_, 0, location});
  detail::hb_acquire(id_);
  flag_ = true;
  notified_ |= waiting_;
  waiting_ = 0;
  detail::hb_release(id_);
}

void Event::clear(std::source_location location) {
  detail::inline_verbs::step({OpKind::event_clear, id_, 0, location});
  detail::hb_acquire(id_);
  flag_ = false;
  detail::hb_release(id_);
}

bool Event::is_set(std::source_location location) {
  detail::inline_verbs::step({OpKind::event_is_set, id_, 0, location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
  detail::set_result(flag_);
  return flag_;
}

// Step 1 checks the flag and, when clear, starts waiting (timeout 0 returns False there).
// Step 2 wakes up: notified by set(), or the timeout fires (abstract time).
bool Event::wait_impl(int timeout, std::source_location location) {
  const OpKind kind = timeout == kForever ? OpKind::event_wait : OpKind::event_wait_timed;
  const detail::ThreadId me = detail::inline_verbs::step({kind, id_, timeout, location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
  detail::set_result(flag_);
  if (flag_ || timeout == 0) {
    if (!flag_) detail::no_progress();
    return flag_;
  }
  waiting_ |= bit(me);
  notified_ &= ~bit(me);
  detail::inline_verbs::step({OpKind::wait_wake, id_, timeout, location});
  waiting_ &= ~bit(me);
  const bool notified = (notified_ & bit(me)) != 0;
  notified_ &= ~bit(me);
  if (notified) detail::hb_acquire(id_);
  detail::set_result(notified);
  if (!notified) detail::no_progress();
  return notified;
}

bool Event::wait(std::source_location location) { return wait_impl(kForever, location); }

bool Event::wait(int timeout, std::source_location location) { return wait_impl(timeout < 0 ? 0 : timeout, location); }

bool Event::enabled(detail::ThreadId thread, const detail::Op& op) const {
  if (op.kind != OpKind::wait_wake) return true;
  return (notified_ & bit(thread)) != 0 || op.arg > 0;
}

bool Event::polls_in_vain(detail::ThreadId thread, const detail::Op& op) const {
  if (op.kind == OpKind::wait_wake) return (notified_ & bit(thread)) == 0;  // times out
  return op.kind == OpKind::event_wait_timed && op.arg == 0 && !flag_;
}

std::string Event::blocked_on(detail::ThreadId, const detail::Op&) const {
  return fmt::format("waits in {}.wait() for a set() that never comes", detail::object_name(id_));
}

}  // namespace lockstep
