// threading.Event: a flag; wait blocks until set() notifies it (CPython's Condition-based one).
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

class Event : public detail::Object {
 public:
  Event();
  explicit Event(std::string_view name) : Event() { this->name(name); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event();

  void set(std::source_location location = std::source_location::current());
  void clear(std::source_location location = std::source_location::current());
  bool is_set(std::source_location location = std::source_location::current());
  // Returns at once when the flag is set; otherwise blocks until a set() wakes it (even if
  // the flag was cleared again before it runs, as in CPython). Returns true, as CPython's
  // wait() without a timeout returns True.
  bool wait(std::source_location location = std::source_location::current());
  // Returns true when set or woken by set(), false when the timeout fired first.
  bool wait(int timeout, std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  static constexpr int kForever = -1;
  bool wait_impl(int timeout, std::source_location location);

  detail::ObjectId id_;
  bool flag_ = false;
  std::uint64_t waiting_ = 0;   // bit per thread blocked in wait()
  std::uint64_t notified_ = 0;  // bit per thread woken by set()
};

}  // namespace lockstep
