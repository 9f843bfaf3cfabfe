// Declaring a model, and the calls a model body makes that are not about one object.
#pragma once

#include <functional>
#include <optional>
#include <source_location>
#include <string_view>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/failure.hpp"

namespace lockstep {

// An integer parameter; `lockstep run --param name=value` overrides the default.
inline int param(std::string_view name, int default_value) {
  return detail::param(name, default_value);
}

// Fails the execution with `message` unless `ok`.
inline void check(bool ok, std::string_view message,
                  std::source_location location = std::source_location::current()) {
  if (!ok) detail::fail(FailureKind::assertion, std::string(message), location);
}

// A nondeterministic value in [0, n); exploration covers every value.
inline int choose(int n, std::source_location location = std::source_location::current()) {
  return detail::choose(n, location);
}

// SV-COMP's __VERIFIER_assume: an execution in which `condition` is false is pruned. It
// ends there, neither a failure nor a pass: RunResult::pruned counts it, `executions` does
// not, and at_end invariants do not run. A step of the trace, but not a scheduling point.
inline void assume(bool condition, std::source_location location = std::source_location::current()) {
  detail::assume(condition, location);
}

// Runs `body` with no other thread scheduled in between (Promela's `atomic { }`): its first
// step is a scheduling point, the rest are not. If a step inside blocks, other threads run
// until it can go on, and from then on the block is atomic again. Nests; an exception
// leaving `body` ends the block.
template <typename Body>
void atomically(Body&& body, std::source_location location = std::source_location::current()) {
  struct End {
    std::source_location location;
    ~End() { detail::atomic_end(location); }
  };
  detail::atomic_begin(location);
  End end{location};
  body();
}

// An invariant checked once every thread has finished (not after a deadlock). It runs
// before the model body's locals are destroyed, so it may capture them by reference.
inline void at_end(std::function<void()> fn) { detail::at_end(std::move(fn)); }

namespace detail {

struct ModelInfo {
  std::string_view name;
  std::string_view description;
  std::optional<FailureKind> expected;
  void (*body)();
  std::source_location location;
};

struct ModelRegistrar {
  ModelRegistrar(void (*body)(), std::source_location location, std::string_view name,
                 std::string_view description);
  ModelRegistrar(void (*body)(), std::source_location location, std::string_view name,
                 std::string_view description, FailureKind expected);
};

}  // namespace detail
}  // namespace lockstep

#define LOCKSTEP_DETAIL_CAT2(a, b) a##b
#define LOCKSTEP_DETAIL_CAT(a, b) LOCKSTEP_DETAIL_CAT2(a, b)
#define LOCKSTEP_DETAIL_MODEL(id, ...)                                                 \
  static void id();                                                                    \
  static const ::lockstep::detail::ModelRegistrar LOCKSTEP_DETAIL_CAT(id, _registrar){ \
      id, std::source_location::current(), __VA_ARGS__};                               \
  static void id()

// LOCKSTEP_MODEL("group/name", "description"[, expect::kind]) { body }
#define LOCKSTEP_MODEL(...) \
  LOCKSTEP_DETAIL_MODEL(LOCKSTEP_DETAIL_CAT(lockstep_model_, __COUNTER__), __VA_ARGS__)
