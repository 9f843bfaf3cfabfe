// threading.Barrier(parties): CPython's four states (filling, draining, resetting, broken),
// wait() returning the arrival index, wait(timeout), abort(), reset() and
// BrokenBarrierError, step for step as Lib/threading.py does it (docs/semantics.md).
#pragma once

#include <cstdint>
#include <functional>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/exceptions.hpp"

namespace lockstep {

namespace detail {
// barrier_control's argument: which call it is (`released`: the last party's step after the
// action returned, which lets the other parties go).
enum class BarrierControl : std::int64_t { reset, abort, broken, n_waiting, released };
// What a barrier_wait or barrier_wake step records as its result (for the trace): the
// arrival index, shifted left once, its low bit set when this arrival released the barrier;
// or one of these.
inline constexpr std::int64_t kBarrierRaised = -1;    // raised BrokenBarrierError
inline constexpr std::int64_t kBarrierTimedOut = -2;  // timed out, broke the barrier, raised
}  // namespace detail

class Barrier : public detail::Object {
 public:
  // parties < 1 raises ValueError, as CPython does.
  explicit Barrier(int parties, std::source_location location = std::source_location::current());
  // Barrier(parties, action, timeout): the last party to arrive calls `action` before the
  // others are released (an exception from it breaks the barrier and propagates); `timeout`
  // (ticks, -1: none) is what wait() without one uses.
  Barrier(int parties, std::function<void()> action, int timeout = -1,
          std::source_location location = std::source_location::current());
  // Named for traces.
  Barrier(std::string_view name, int parties, std::source_location location = std::source_location::current())
      : Barrier(parties, location) {
    this->name(name);
  }
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;
  ~Barrier();

  // Blocks until `parties` threads have called wait(); returns this thread's arrival index
  // (0 .. parties-1). Raises BrokenBarrierError when the barrier is or gets broken (abort(),
  // reset() while threads wait, a timed-out wait).
  int wait(std::source_location location = std::source_location::current());
  // As wait(), but may time out at any point while waiting: then it breaks the barrier and
  // raises BrokenBarrierError. `timeout <= 0` only sees whether the barrier trips meanwhile.
  int wait(int timeout, std::source_location location = std::source_location::current());
  template <class T>
  int wait(T, std::source_location = std::source_location::current()) = delete;  // int ticks only
  // Back to the initial state; threads waiting now get BrokenBarrierError.
  void reset(std::source_location location = std::source_location::current());
  // Breaks the barrier: current and future wait() calls raise BrokenBarrierError.
  void abort(std::source_location location = std::source_location::current());
  bool broken(std::source_location location = std::source_location::current());
  int n_waiting(std::source_location location = std::source_location::current());
  int parties() const { return parties_; }
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  // CPython's _state values, and `releasing`: the last party runs the action while it
  // holds the barrier's lock, which keeps every other method out (none of CPython's states).
  enum class State : std::int8_t { filling = 0, draining = 1, resetting = -1, broken = -2, releasing = 2 };
  static constexpr int kForever = -1;
  int wait_impl(int timeout, std::source_location location);
  void control(detail::BarrierControl what, std::source_location location);
  void leave();  // CPython's `finally: self._count -= 1; self._exit()`

  void release_parties(std::source_location location);  // CPython's _release: the action, then draining
  void released(std::source_location location);         // the last party's step after the action

  detail::ObjectId id_;
  int parties_;
  std::function<void()> action_;
  int timeout_ = kForever;
  int count_ = 0;
  State state_ = State::filling;
};

}  // namespace lockstep
