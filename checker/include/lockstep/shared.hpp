// A plain shared variable: every load and store is a step of the trace, and two conflicting
// accesses of different threads unordered by happens-before fail as a data race. Accesses
// are not scheduling points: in a race-free execution they commute with every step of the
// other threads, and a racy one fails (docs/semantics.md, "Scheduling points").
#pragma once

#include <concepts>
#include <source_location>
#include <type_traits>
#include <string_view>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/detail/value.hpp"

namespace lockstep {

template <class T>
class Shared : public detail::Object {
 public:
  Shared() : Shared(T{}) {}
  Shared(T value) : value_(std::move(value)), id_(detail::attach(this, detail::ObjectKind::shared)) {
    if constexpr (std::is_same_v<T, bool>) detail::show_as_bool(id_);
  }
  // A name for traces: `Shared<int> x{"x", 0}`; with one argument only where T cannot be
  // made from text (`Shared<int> x{"x"}`).
  Shared(std::string_view name, T value) : Shared(std::move(value)) { detail::rename(id_, name); }
  explicit Shared(std::string_view name)
    requires(!std::constructible_from<T, std::string_view>)
      : Shared(name, T{}) {}
  // A string literal names the variable (it would otherwise become a Shared<bool>'s value).
  explicit Shared(const char* name)
    requires(!std::constructible_from<T, std::string_view>)
      : Shared(std::string_view(name), T{}) {}
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;
  ~Shared() { detail::detach(id_); }

  T load(std::source_location location = std::source_location::current()) const {
    detail::shared_load(id_, detail::trace_value(value_), location);
    return value_;
  }
  void store(T value, std::source_location location = std::source_location::current()) {
    detail::shared_store(id_, detail::trace_value(value), location);
    value_ = std::move(value);
  }
  void name(std::string_view name) { detail::rename(id_, name); }
  bool enabled(detail::ThreadId, const detail::Op&) const override { return true; }

 private:
  T value_;
  detail::ObjectId id_;
};

}  // namespace lockstep
