// threading.Barrier as Lib/threading.py writes it. Every method runs under the barrier's
// Condition, so each block between two waits on it is one step here:
// - wait() first (_enter) waits while the barrier drains or resets, raises when broken,
//   and takes the next index; the last party (_release) sets the state to draining and
//   notifies, and returns at once. That is the barrier_wait step, enabled exactly while the
//   state is filling or broken (a thread woken by _exit's notify_all that finds the barrier
//   draining again waits again, as with Semaphore).
// - Any other party waits (_wait: wait_for(state != filling, timeout)) and, once it holds
//   the lock again, checks the state: draining returns the index, broken or resetting
//   raises; a timeout with the state still filling breaks the barrier and raises. That is
//   the barrier_wake step, enabled when the state left filling, or at any point when timed.
// - Both end with _exit: the last thread to leave a draining or resetting barrier sets it
//   back to filling.
#include "lockstep/barrier.hpp"

#include <fmt/format.h>

#include "runtime/step_verbs.hpp"

namespace lockstep {

using detail::OpKind;

Barrier::Barrier(int parties, std::source_location location) : Barrier(parties, {}, kForever, location) {}

Barrier::Barrier(int parties, std::function<void()> action, int timeout, std::source_location)
    : id_(detail::attach(this, detail::ObjectKind::barrier)),
      parties_(parties),
      action_(std::move(action)),
      timeout_(timeout < 0 ? kForever : timeout) {
  if (parties < 1) throw ValueError("parties must be > 0");
}

// The action runs between steps of the last party (its own steps, if any, are traced);
// meanwhile the state is `releasing`, so no other barrier method runs, as none can take
// CPython's lock. An exception from it breaks the barrier (_break) and goes on. Either way
// the last party then takes a step of its own on the barrier (CPython's notify_all and lock
// release), which lets the others go: so what the action did happens before they return,
// and for the exploration the step that enables their wake-up is on the barrier, not the
// action's last step on some other object (found by lockstep_difftest: dpor tried to run a
// party's wake-up before a third thread's fetch_add that raced with the action's).
void Barrier::release_parties(std::source_location location) {
  if (action_) {
    state_ = State::releasing;
    try {
      action_();
    } catch (...) {
      released(location);
      state_ = State::broken;
      leave();
      throw;
    }
    released(location);
  }
  state_ = State::draining;
}

void Barrier::released(std::source_location location) {
  detail::inline_verbs::step(
      {OpKind::barrier_control, id_, static_cast<std::int64_t>(detail::BarrierControl::released), location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
}

Barrier::~Barrier() { detail::detach(id_); }

int Barrier::wait(std::source_location location) { return wait_impl(timeout_, location); }

int Barrier::wait(int timeout, std::source_location location) { return wait_impl(timeout < 0 ? 0 : timeout, location); }

void Barrier::leave() {
  --count_;
  if (count_ == 0 && (state_ == State::draining || state_ == State::resetting)) state_ = State::filling;
}

int Barrier::wait_impl(int timeout, std::source_location location) {
  detail::inline_verbs::step({OpKind::barrier_wait, id_, timeout, location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
  if (state_ == State::broken) {
    detail::set_result(detail::kBarrierRaised);
    throw BrokenBarrierError();
  }
  const int index = count_++;
  if (index + 1 == parties_) {
    release_parties(location);
    leave();
    detail::set_result(std::int64_t{index} * 2 + 1);
    return index;
  }
  detail::set_result(std::int64_t{index} * 2);
  detail::inline_verbs::step({OpKind::barrier_wake, id_, timeout, location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
  if (state_ == State::filling) {  // only a timed wait runs while filling: it timed out
    state_ = State::broken;
    leave();
    detail::set_result(detail::kBarrierTimedOut);
    throw BrokenBarrierError();
  }
  if (state_ != State::draining) {  // broken, or resetting
    leave();
    detail::set_result(detail::kBarrierRaised);
    throw BrokenBarrierError();
  }
  leave();
  detail::set_result(std::int64_t{index} * 2);
  return index;
}

void Barrier::control(detail::BarrierControl what, std::source_location location) {
  detail::inline_verbs::step({OpKind::barrier_control, id_, static_cast<std::int64_t>(what), location});
  detail::hb_acquire(id_);
  detail::hb_release(id_);
}

void Barrier::reset(std::source_location location) {
  control(detail::BarrierControl::reset, location);
  if (count_ == 0) {
    state_ = State::filling;
  } else if (state_ == State::filling || state_ == State::broken) {
    state_ = State::resetting;  // the waiters raise; the last to leave sets filling
  }
}

void Barrier::abort(std::source_location location) {
  control(detail::BarrierControl::abort, location);
  state_ = State::broken;
}

bool Barrier::broken(std::source_location location) {
  control(detail::BarrierControl::broken, location);
  detail::set_result(state_ == State::broken);
  return state_ == State::broken;
}

int Barrier::n_waiting(std::source_location location) {
  control(detail::BarrierControl::n_waiting, location);
  const int n = state_ == State::filling || state_ == State::releasing ? count_ : 0;  // CPython's state 0
  detail::set_result(n);
  return n;
}

bool Barrier::enabled(detail::ThreadId, const detail::Op& op) const {
  switch (op.kind) {
    case OpKind::barrier_wait: return state_ == State::filling || state_ == State::broken;
    case OpKind::barrier_wake: return state_ == State::filling ? op.arg >= 0 : state_ != State::releasing;
    case OpKind::barrier_control:  // reset() and abort() take the lock; broken and n_waiting do not
      return state_ != State::releasing || op.arg == static_cast<std::int64_t>(detail::BarrierControl::broken) ||
             op.arg == static_cast<std::int64_t>(detail::BarrierControl::n_waiting) ||
             op.arg == static_cast<std::int64_t>(detail::BarrierControl::released);
    default: return true;
  }
}

std::string Barrier::blocked_on(detail::ThreadId, const detail::Op& op) const {
  const std::string name = detail::object_name(id_);
  if (state_ == State::releasing) return fmt::format("waits for {}'s action to finish", name);
  if (op.kind == OpKind::barrier_wait) {
    return fmt::format("waits in {}.wait() for the barrier to {} ({} thread(s) still leaving)", name,
                       state_ == State::draining ? "drain" : "finish its reset", count_);
  }
  return fmt::format("waits in {}.wait(): {} of {} parties arrived", name, count_, parties_);
}

}  // namespace lockstep
