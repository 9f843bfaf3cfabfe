// threading.Condition, with CPython's exact behaviour (see docs/semantics.md).
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <vector>

#include "lockstep/detail/thread_list.hpp"
#include "lockstep/detail/condition_base.hpp"

namespace lockstep {

class Condition : public detail::ConditionBase {
 public:
  Condition();                                   // owns an RLock, like Condition()
  explicit Condition(detail::LockBase& lock);    // Condition(lock)
  // Named for traces; a Condition(lock) shows its lock by the lock's own name.
  explicit Condition(std::string_view name) : Condition() { this->name(name); }
  Condition(detail::LockBase& lock, std::string_view name) : Condition(lock) { this->name(name); }
  ~Condition();

  void notify(int n = 1, std::source_location location = std::source_location::current());
  void notify_all(std::source_location location = std::source_location::current());

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  bool wait_impl(Guard& guard, int timeout, std::source_location location) override;
  void forget(detail::ThreadId thread);
  void wake_first(std::size_t n);

  detail::ThreadList waiters_;             // FIFO, as CPython's _waiters deque
  std::uint64_t notified_ = 0;             // bit per thread: woken by notify
  std::uint64_t may_wake_ = 0;             // bit per thread: its wait may time out (or wake spuriously)
  // For lost-wakeup diagnoses: waiters whose wait already returned unnotified (timed out,
  // or timeout 0) but are still queued, and what the latest notify did (its step is found
  // in the trace when a report needs it).
  std::uint64_t returned_ = 0;
  std::uint64_t last_notify_woke_ = 0;     // waiters it woke that were still waiting
  std::uint64_t last_notify_absorbed_ = 0; // waiters it "woke" whose wait had returned
};

}  // namespace lockstep
