// threading.Semaphore: a counter; acquire blocks while it is 0 and takes one, release adds one.
#pragma once

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
  // Waits up to `timeout` ticks; false when it timed out. `timeout <= 0` never blocks.
  bool acquire(int timeout, std::source_location location = std::source_location::current());
  void release(std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  detail::ObjectId id_;
  int value_;
};

}  // namespace lockstep
