// How a modeled value shows up in a trace step: integers, bools and enums by value.
#pragma once

#include <cstdint>
#include <type_traits>

namespace lockstep::detail {

// Stands for a value the trace cannot show (a string, a struct).
inline constexpr std::int64_t kOpaque = INT64_MIN;
// Stands for "no value": the queue was empty, the timeout fired.
inline constexpr std::int64_t kNone = INT64_MIN + 1;

template <class T>
std::int64_t trace_value(const T& value) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return static_cast<std::int64_t>(value);
  } else {
    return kOpaque;
  }
}

}  // namespace lockstep::detail
