// threading.Semaphore and threading.BoundedSemaphore: a counter; acquire blocks while it is 0
// and takes one, release adds n.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

class Semaphore : public detail::Object {
 public:
  explicit Semaphore(int value = 1, std::source_location location = std::source_location::current());
  explicit Semaphore(std::string_view name, int value = 1,
                     std::source_location location = std::source_location::current())
      : Semaphore(value, location) {
    this->name(name);
  }
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;
  ~Semaphore();

  void acquire(std::source_location location = std::source_location::current());
  // acquire(blocking=False) never blocks; acquire(true) is acquire().
  bool acquire(bool blocking, std::source_location location = std::source_location::current());
  // Waits up to `timeout` ticks; false when it timed out. `timeout <= 0` never blocks.
  bool acquire(int timeout, std::source_location location = std::source_location::current());
  // Neither bool nor int: no silent conversion (see Lock::acquire).
  template <class T>
  bool acquire(T, std::source_location = std::source_location::current()) = delete;
  // Adds n (Python 3.9's release(n)); n < 1 raises ValueError, and so does a
  // BoundedSemaphore's release past its initial value (the count is then unchanged).
  void release(int n = 1, std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 protected:
  Semaphore(int value, int bound, std::source_location location);

 private:
  bool try_acquire(std::int64_t timeout, std::source_location location);
  detail::ObjectId id_;
  int value_;
  int bound_;  // BoundedSemaphore: the initial value; -1: unbounded
};

// threading.BoundedSemaphore: a Semaphore whose release() raises ValueError("Semaphore
// released too many times") when the count would exceed its initial value.
class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(int value = 1, std::source_location location = std::source_location::current())
      : Semaphore(value, value, location) {}
  explicit BoundedSemaphore(std::string_view name, int value = 1,
                            std::source_location location = std::source_location::current())
      : BoundedSemaphore(value, location) {
    this->name(name);
  }
};

}  // namespace lockstep
