// How a modeled value shows up in a trace step: integers, bools and enums by value.
#pragma once

#include <cstdint>
#include <type_traits>

namespace lockstep::detail {

// Stands for a value the trace cannot show (a string, a struct).
inline constexpr std::int64_t kOpaque = INT64_MIN;
// Stands for "no value": the queue was empty, the timeout fired.
inline constexpr std::int64_t kNone = INT64_MIN + 1;

// compare_exchange's step shows two values, expected and desired, in its one `arg`: 32 bits
// each, kNarrowOpaque standing for a value that does not fit (the trace shows "...").
inline constexpr std::int32_t kNarrowOpaque = INT32_MIN;
constexpr std::int64_t pack_pair(std::int64_t first, std::int64_t second) {
  auto narrow = [](std::int64_t v) {
    return v > INT32_MIN && v <= INT32_MAX ? static_cast<std::uint32_t>(static_cast<std::int32_t>(v))
                                           : static_cast<std::uint32_t>(kNarrowOpaque);
  };
  return static_cast<std::int64_t>((std::uint64_t{narrow(second)} << 32) | narrow(first));
}
constexpr std::int64_t pair_first(std::int64_t packed) {
  const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(packed)));
  return v == kNarrowOpaque ? kOpaque : v;
}
constexpr std::int64_t pair_second(std::int64_t packed) {
  const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(packed) >> 32));
  return v == kNarrowOpaque ? kOpaque : v;
}
// A compare_exchange step's result: these two, or the value it found instead of expected.
inline constexpr std::int64_t kExchanged = INT64_MIN + 2;
inline constexpr std::int64_t kSpuriousFailure = INT64_MIN + 3;

template <class T>
std::int64_t trace_value(const T& value) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return static_cast<std::int64_t>(value);
  } else {
    return kOpaque;
  }
}

}  // namespace lockstep::detail
