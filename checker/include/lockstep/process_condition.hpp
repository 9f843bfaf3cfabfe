// multiprocessing.Condition, built like CPython's (Lib/multiprocessing/synchronize.py) on
// three semaphores: notify(n) releases n wake-ups that ANY sleepers may take, then waits,
// still holding the lock, until that many sleepers acknowledged (see docs/semantics.md).
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <string>

#include "lockstep/detail/condition_base.hpp"

namespace lockstep {

class ProcessCondition : public detail::ConditionBase {
 public:
  ProcessCondition();                                  // owns an RLock, like Condition()
  explicit ProcessCondition(detail::LockBase& lock);   // Condition(lock)
  explicit ProcessCondition(std::string_view name) : ProcessCondition() { this->name(name); }
  ProcessCondition(detail::LockBase& lock, std::string_view name) : ProcessCondition(lock) { this->name(name); }
  ~ProcessCondition();

  void notify(int n = 1, std::source_location location = std::source_location::current());
  void notify_all(std::source_location location = std::source_location::current());

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  bool wait_impl(Guard& guard, int timeout, std::source_location location) override;
  void notify_impl(int n, std::int64_t shown, std::source_location location);
  // Model misuse unless `thread`, the running one, holds the lock.
  void check_owned(detail::ThreadId thread, const char* what, std::source_location location) const;

  int sleeping_ = 0;     // _sleeping_count
  int woken_ = 0;        // _woken_count
  int wake_ups_ = 0;     // _wait_semaphore
  int acks_wanted_ = 0;  // the notifier waits until woken_ reaches this
};

}  // namespace lockstep
