// What threading.Condition and multiprocessing.Condition share: the lock they own or wrap,
// `with cond:`, and the wait / wait_for loops CPython writes the same way for both. Each
// derived class supplies one wait (wait_impl) and its own notify.
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <string_view>

#include "lockstep/lock.hpp"

namespace lockstep::detail {

class ConditionBase : public Object {
 public:
  ConditionBase(const ConditionBase&) = delete;
  ConditionBase& operator=(const ConditionBase&) = delete;

  Guard lock(std::source_location location = std::source_location::current());
  void acquire(std::source_location location = std::source_location::current());
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  void release(std::source_location location = std::source_location::current());

  void wait(Guard& guard, std::source_location location = std::source_location::current());
  // Returns whether it was woken by a notify; timeout 0 never blocks.
  bool wait(Guard& guard, int timeout, std::source_location location = std::source_location::current());
  void wait_for(Guard& guard, const std::function<bool()>& predicate,
                std::source_location location = std::source_location::current());
  bool wait_for(Guard& guard, const std::function<bool()>& predicate, int timeout,
                std::source_location location = std::source_location::current());
  void name(std::string_view name) { rename(id_, name); }

 protected:
  static constexpr int kForever = -1;
  explicit ConditionBase(ObjectKind kind);                   // owns an RLock
  ConditionBase(ObjectKind kind, LockBase& lock);            // wraps `lock`
  ~ConditionBase();
  // One CPython wait: queue, release fully, wait (timeout < 0: forever), re-acquire.
  virtual bool wait_impl(Guard& guard, int timeout, std::source_location location) = 0;
  // Model misuse unless `guard` holds this condition's lock.
  void check_guard(const Guard& guard, std::source_location location) const;

  ObjectId id_;
  std::optional<OwnLock> own_lock_;
  LockBase& lock_;
};

}  // namespace lockstep::detail
