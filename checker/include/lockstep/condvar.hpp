// std::condition_variable, used with a lockstep Lock's Guard in place of
// std::unique_lock<std::mutex>: notify without holding the lock is legal, and every wait
// may wake spuriously (always explored, whatever --spurious-wakeups says).
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/thread_list.hpp"
#include "lockstep/lock.hpp"

namespace lockstep {

// std::cv_status.
enum class cv_status { no_timeout, timeout };

class CondVar : public detail::Object {
 public:
  CondVar();
  explicit CondVar(std::string_view name);
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;
  ~CondVar();

  void notify_one(std::source_location location = std::source_location::current());
  void notify_all(std::source_location location = std::source_location::current());
  // Releases the guard's lock, blocks until notified or woken spuriously, re-acquires it.
  void wait(Guard& guard, std::source_location location = std::source_location::current()) {
    wait_impl(guard, kForever, location);
  }
  // while (!pred()) wait(guard);
  template <typename Predicate>
  void wait(Guard& guard, Predicate&& predicate, std::source_location location = std::source_location::current()) {
    while (!predicate()) wait_impl(guard, kForever, location);
  }
  // As wait, but may also time out at any point (abstract ticks; ticks <= 0 times out at once).
  cv_status wait_for(Guard& guard, int ticks, std::source_location location = std::source_location::current()) {
    return wait_impl(guard, ticks > 0 ? ticks : 0, location);
  }
  // The standard's loop: while (!pred()) if (wait_for(...) == timeout) return pred(); return true;
  template <typename Predicate>
  bool wait_for(Guard& guard, int ticks, Predicate&& predicate,
                std::source_location location = std::source_location::current()) {
    while (!predicate()) {
      if (wait_impl(guard, ticks > 0 ? ticks : 0, location) == cv_status::timeout) return predicate();
    }
    return true;
  }
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  static constexpr int kForever = -1;
  cv_status wait_impl(Guard& guard, int ticks, std::source_location location);
  void wake_first(std::size_t n);

  detail::ObjectId id_;
  detail::ThreadList waiters_;  // FIFO: notify_one wakes the longest waiting thread
  std::uint64_t notified_ = 0;  // bit per thread: woken by a notify
  // The lock of its first wait, which every wait must use (the standard asks it of
  // concurrent waits only; dpor's dependence needs the condition's lock to be one).
  detail::LockBase* lock_ = nullptr;
};

}  // namespace lockstep
