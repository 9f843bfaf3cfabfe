// multiprocessing.Condition, built like CPython's (Lib/multiprocessing/synchronize.py) on
// three semaphores: notify(n) releases n wake-ups that ANY sleepers may take, then waits,
// still holding the lock, until that many sleepers acknowledged (see docs/semantics.md).
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <string>

#include "lockstep/lock.hpp"

namespace lockstep {

class ProcessCondition : public detail::Object {
 public:
  ProcessCondition();                                  // owns an RLock, like Condition()
  explicit ProcessCondition(detail::LockBase& lock);   // Condition(lock)
  ProcessCondition(const ProcessCondition&) = delete;
  ProcessCondition& operator=(const ProcessCondition&) = delete;
  ~ProcessCondition();

  Guard lock(std::source_location location = std::source_location::current());
  void acquire(std::source_location location = std::source_location::current());
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  void release(std::source_location location = std::source_location::current());

  void wait(Guard& guard, std::source_location location = std::source_location::current());
  // Returns whether it took a wake-up; timeout 0 only tries to take one.
  bool wait(Guard& guard, int timeout, std::source_location location = std::source_location::current());
  void wait_for(Guard& guard, const std::function<bool()>& predicate,
                std::source_location location = std::source_location::current());
  bool wait_for(Guard& guard, const std::function<bool()>& predicate, int timeout,
                std::source_location location = std::source_location::current());

  void notify(int n = 1, std::source_location location = std::source_location::current());
  void notify_all(std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  static constexpr int kForever = -1;
  bool wait_impl(Guard& guard, int timeout, std::source_location location);
  void notify_impl(int n, std::int64_t shown, std::source_location location);
  void check_owned(const char* what, std::source_location location) const;

  detail::ObjectId id_;
  std::optional<detail::OwnLock> own_lock_;
  detail::LockBase& lock_;
  int sleeping_ = 0;     // _sleeping_count
  int woken_ = 0;        // _woken_count
  int wake_ups_ = 0;     // _wait_semaphore
  int acks_wanted_ = 0;  // the notifier waits until woken_ reaches this
};

}  // namespace lockstep
