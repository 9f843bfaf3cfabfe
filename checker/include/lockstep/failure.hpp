// The closed set of ways an execution can fail, with the names users and JSON see.
#pragma once

#include <optional>
#include <string_view>

namespace lockstep {

enum class FailureKind : unsigned char {
  assertion,
  deadlock,
  model_misuse,
  uncaught_exception,
  data_race,
  livelock,
  step_limit,
  nondeterministic_model,
  crash,
  stack_overflow,
  // Only a supervising process (the lockstep CLI) reports these two: the execution took
  // no visible step for --hang-timeout seconds of wall-clock time (blocked in the kernel),
  // or it ran out of the memory --memory-limit grants (std::bad_alloc in a model thread
  // is one in-process too).
  hang,
  out_of_memory,
};

// "model_misuse" (JSON, CLI arguments).
std::string_view to_string(FailureKind kind);
// "model misuse" (human-readable text).
std::string_view display_name(FailureKind kind);
std::optional<FailureKind> parse_failure_kind(std::string_view name);

// The failure a model exists to demonstrate: LOCKSTEP_MODEL("x", "...", expect::deadlock).
namespace expect {
inline constexpr FailureKind assertion = FailureKind::assertion;
inline constexpr FailureKind deadlock = FailureKind::deadlock;
inline constexpr FailureKind model_misuse = FailureKind::model_misuse;
inline constexpr FailureKind uncaught_exception = FailureKind::uncaught_exception;
inline constexpr FailureKind data_race = FailureKind::data_race;
inline constexpr FailureKind livelock = FailureKind::livelock;
inline constexpr FailureKind step_limit = FailureKind::step_limit;
inline constexpr FailureKind crash = FailureKind::crash;
inline constexpr FailureKind stack_overflow = FailureKind::stack_overflow;
inline constexpr FailureKind hang = FailureKind::hang;
inline constexpr FailureKind out_of_memory = FailureKind::out_of_memory;
}  // namespace expect

}  // namespace lockstep
