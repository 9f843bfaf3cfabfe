// What threading.Condition and multiprocessing.Condition share: the lock they own or wrap,
// `with cond:`, and the wait / wait_for loops CPython writes the same way for both. Each
// derived class supplies one wait (wait_impl) and its own notify.
#pragma once

#include <algorithm>
#include <optional>
#include <source_location>
#include <string_view>

#include "lockstep/lock.hpp"

namespace lockstep::detail {

class ConditionBase : public Object {
 public:
  ConditionBase(const ConditionBase&) = delete;
  ConditionBase& operator=(const ConditionBase&) = delete;

  Guard lock(std::source_location location = std::source_location::current()) { return lock_.lock(location); }
  void acquire(std::source_location location = std::source_location::current());
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  bool acquire(int timeout, std::source_location location = std::source_location::current());
  template <class T>
  bool acquire(T, std::source_location = std::source_location::current()) = delete;  // see LockBase
  void release(std::source_location location = std::source_location::current());

  void wait(Guard& guard, std::source_location location = std::source_location::current()) {
    wait_impl(guard, kForever, location);
  }
  // Returns whether it was woken by a notify; timeout 0 never blocks.
  bool wait(Guard& guard, int timeout, std::source_location location = std::source_location::current()) {
    return wait_impl(guard, std::max(timeout, 0), location);
  }
  // `predicate`: any callable returning bool, called in place (no std::function to build
  // and call through at each wait_for).
  // Returns the predicate's value, as CPython's wait_for does (true, once it returns).
  template <typename Predicate>
  auto wait_for(Guard& guard, Predicate&& predicate, std::source_location location = std::source_location::current()) {
    auto result = predicate();
    while (!result) {
      wait_impl(guard, kForever, location);
      result = predicate();
    }
    return result;
  }
  // CPython's loop; in abstract time the deadline passes exactly when a wait times out.
  template <typename Predicate>
  bool wait_for(Guard& guard, Predicate&& predicate, int timeout,
                std::source_location location = std::source_location::current()) {
    bool expired = false;
    bool result = predicate();
    while (!result && !expired) {
      if (!wait_impl(guard, std::max(timeout, 0), location)) expired = true;
      result = predicate();
    }
    return result;
  }
  void name(std::string_view name) { rename(id_, name); }
  // The same wait for a caller that holds the lock through acquire() rather than a Guard
  // (the Python front door, whose `with cond:` is acquire and release): timeout < 0 waits
  // until notified, 0 never blocks. A caller that does not hold the lock is a model misuse.
  bool wait_acquired(int timeout, std::source_location location = std::source_location::current()) {
    struct Borrowed {
      Guard guard;
      ~Borrowed() { guard.lock_ = nullptr; }  // the caller's acquire() still holds the lock
    } held{Guard(&lock_, location)};
    return wait_impl(held.guard, timeout < 0 ? kForever : timeout, location);
  }

 protected:
  static constexpr int kForever = -1;
  explicit ConditionBase(ObjectKind kind);                   // owns an RLock
  ConditionBase(ObjectKind kind, LockBase& lock);            // wraps `lock`
  ~ConditionBase();
  // One CPython wait: queue, release fully, wait (timeout < 0: forever), re-acquire.
  virtual bool wait_impl(Guard& guard, int timeout, std::source_location location) = 0;
  // Model misuse unless `guard` holds this condition's lock.
  void check_guard(const Guard& guard, std::source_location location) const {
    if (guard.lock_ != &lock_) [[unlikely]] wrong_guard(location);
  }

  ObjectId id_;
  std::optional<OwnLock> own_lock_;
  LockBase& lock_;

 private:
  [[noreturn]] void wrong_guard(std::source_location location) const;
};

}  // namespace lockstep::detail
