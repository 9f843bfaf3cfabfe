// std::latch: a single-use downward counter; wait blocks until it reaches zero.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

class Latch : public detail::Object {
 public:
  explicit Latch(std::int64_t expected, std::source_location location = std::source_location::current());
  Latch(std::string_view name, std::int64_t expected, std::source_location location = std::source_location::current());
  Latch(const Latch&) = delete;
  Latch& operator=(const Latch&) = delete;
  ~Latch();

  // Decrements the counter by n (0 <= n <= counter, else model misuse).
  void count_down(std::int64_t n = 1, std::source_location location = std::source_location::current());
  // Whether the counter is zero; never blocks.
  bool try_wait(std::source_location location = std::source_location::current());
  // Blocks until the counter is zero.
  void wait(std::source_location location = std::source_location::current());
  // count_down(n); wait(); as two steps.
  void arrive_and_wait(std::int64_t n = 1, std::source_location location = std::source_location::current());
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override;
  bool polls_in_vain(detail::ThreadId thread, const detail::Op& op) const override;
  std::string blocked_on(detail::ThreadId thread, const detail::Op& op) const override;

 private:
  detail::ObjectId id_;
  std::int64_t counter_;
};

}  // namespace lockstep
