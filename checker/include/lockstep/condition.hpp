// threading.Condition, with CPython's exact behaviour (see docs/semantics.md).
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <vector>

#include "lockstep/detail/thread_list.hpp"
#include "lockstep/lock.hpp"

namespace lockstep {

class Condition : public detail::Object {
 public:
  Condition();                                   // owns an RLock, like Condition()
  explicit Condition(detail::LockBase& lock);    // Condition(lock)
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;
  ~Condition();

  Guard lock(std::source_location location = std::source_location::current());
  void acquire(std::source_location location = std::source_location::current());
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  void release(std::source_location location = std::source_location::current());

  void wait(Guard& guard, std::source_location location = std::source_location::current());
  // Returns whether it was notified; timeout 0 never blocks (but still queues a waiter).
  bool wait(Guard& guard, int timeout,
            std::source_location location = std::source_location::current());
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
  void check_guard(const Guard& guard, std::source_location location) const;
  void forget(detail::ThreadId thread);
  void wake_first(std::size_t n);

  detail::ObjectId id_;
  std::optional<detail::OwnLock> own_lock_;
  detail::LockBase& lock_;
  detail::ThreadList waiters_;             // FIFO, as CPython's _waiters deque
  std::uint64_t notified_ = 0;             // bit per thread: woken by notify
  std::uint64_t may_wake_ = 0;             // bit per thread: its wait may time out (or wake spuriously)
  // For lost-wakeup diagnoses: waiters whose wait already returned unnotified (timed out,
  // or timeout 0) but are still queued, and what the latest notify did.
  std::uint64_t returned_ = 0;
  int last_notify_step_ = 0;               // its trace step, 0 before any notify
  std::uint64_t last_notify_woke_ = 0;     // waiters it woke that were still waiting
  std::uint64_t last_notify_absorbed_ = 0; // waiters it "woke" whose wait had returned
};

}  // namespace lockstep
