// A sequentially consistent atomic, as std::atomic<T> with memory_order_seq_cst: load, store,
// exchange, compare_exchange (strong and weak), fetch_add/sub/and/or/xor and the operators.
// For happens-before a load acquires, a store releases, a read-modify-write does both.
#pragma once

#include <concepts>
#include <source_location>
#include <string_view>
#include <type_traits>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/detail/value.hpp"

namespace lockstep {

template <class T>
class Atomic : public detail::Object {
  // The fetch operations std::atomic has for integral types other than bool.
  static constexpr bool kIntegral = std::is_integral_v<T> && !std::is_same_v<T, bool>;

 public:
  Atomic() : Atomic(T{}) {}
  Atomic(T value) : value_(value), id_(attach()) {}
  // A name for traces: `Atomic<int> a{"a", 0}`; with one argument only where T cannot be
  // made from text (`Atomic<int> a{"a"}`).
  Atomic(std::string_view name, T value) : Atomic(value) { detail::rename(id_, name); }
  explicit Atomic(std::string_view name)
    requires(!std::constructible_from<T, std::string_view>)
      : Atomic(name, T{}) {}
  // A string literal names the atomic (it would otherwise become an Atomic<bool>'s value).
  explicit Atomic(const char* name)
    requires(!std::constructible_from<T, std::string_view>)
      : Atomic(std::string_view(name), T{}) {}
  Atomic(const Atomic&) = delete;
  Atomic& operator=(const Atomic&) = delete;
  ~Atomic() { detail::detach(id_); }

  T load(std::source_location location = std::source_location::current()) const {
    detail::step({detail::OpKind::load, id_, 0, location});
    detail::hb_acquire(id_);
    detail::set_result(detail::trace_value(value_));
    return value_;
  }
  void store(T value, std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::store, id_, detail::trace_value(value), location});
    detail::hb_release(id_);
    value_ = value;
  }
  T exchange(T value, std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::exchange, id_, detail::trace_value(value), location});
    return replace(value);
  }
  // compare_exchange_strong. On failure stores the current value into `expected` (a failed
  // CAS is only a read). The trace shows expected, desired, the outcome and the value found.
  bool compare_exchange(T& expected, T desired, std::source_location location = std::source_location::current()) {
    detail::step_with_operand({detail::OpKind::compare_exchange, id_, cas_arg(expected, desired), location},
                              &expected);
    return cas(expected, desired, false);
  }
  bool compare_exchange_strong(T& expected, T desired,
                               std::source_location location = std::source_location::current()) {
    return compare_exchange(expected, desired, location);
  }
  // Like compare_exchange, but may fail even when the value equals `expected` (as LL/SC
  // hardware does): exploration covers both outcomes, except a second spurious failure in a
  // row of the same thread on this atomic (see docs/semantics.md).
  bool compare_exchange_weak(T& expected, T desired, std::source_location location = std::source_location::current()) {
    detail::step_with_operand({detail::OpKind::compare_exchange_weak, id_, cas_arg(expected, desired), location},
                              &expected);
    return cas(expected, desired, true);
  }
  T fetch_add(T delta, std::source_location location = std::source_location::current()) requires kIntegral {
    return fetch<detail::OpKind::fetch_add>(delta, location);
  }
  T fetch_sub(T delta, std::source_location location = std::source_location::current()) requires kIntegral {
    return fetch<detail::OpKind::fetch_sub>(delta, location);
  }
  T fetch_and(T mask, std::source_location location = std::source_location::current()) requires kIntegral {
    return fetch<detail::OpKind::fetch_and>(mask, location);
  }
  T fetch_or(T mask, std::source_location location = std::source_location::current()) requires kIntegral {
    return fetch<detail::OpKind::fetch_or>(mask, location);
  }
  T fetch_xor(T mask, std::source_location location = std::source_location::current()) requires kIntegral {
    return fetch<detail::OpKind::fetch_xor>(mask, location);
  }

  // std::atomic's operators: each one step, the read-modify-writes returning the new value
  // (post-increment the old one), as the standard defines them. An operator cannot take a
  // defaulted source_location, so their steps show no location (the named calls do).
  static constexpr std::source_location kNowhere{};
  operator T() const { return load(kNowhere); }
  T operator=(T value) {
    store(value, kNowhere);
    return value;
  }
  T operator++() requires kIntegral { return static_cast<T>(fetch_add(1, kNowhere) + 1); }
  T operator++(int) requires kIntegral { return fetch_add(1, kNowhere); }
  T operator--() requires kIntegral { return static_cast<T>(fetch_sub(1, kNowhere) - 1); }
  T operator--(int) requires kIntegral { return fetch_sub(1, kNowhere); }
  T operator+=(T d) requires kIntegral { return static_cast<T>(fetch_add(d, kNowhere) + d); }
  T operator-=(T d) requires kIntegral { return static_cast<T>(fetch_sub(d, kNowhere) - d); }
  T operator&=(T m) requires kIntegral { return static_cast<T>(fetch_and(m, kNowhere) & m); }
  T operator|=(T m) requires kIntegral { return static_cast<T>(fetch_or(m, kNowhere) | m); }
  T operator^=(T m) requires kIntegral { return static_cast<T>(fetch_xor(m, kNowhere) ^ m); }

  void name(std::string_view name) { detail::rename(id_, name); }
  bool enabled(detail::ThreadId, const detail::Op&) const override { return true; }
  // A pending compare_exchange changes the value only if it holds what the thread expects (a
  // weak one may then still fail spuriously: dpor predicts only the failure).
  bool changes(detail::ThreadId, const detail::Op& op, const void* operand) const override {
    const bool cas = op.kind == detail::OpKind::compare_exchange || op.kind == detail::OpKind::compare_exchange_weak;
    return !cas || operand == nullptr || *static_cast<const T*>(operand) == value_;
  }

 private:
  detail::ObjectId attach() {
    const detail::ObjectId id = detail::attach(this, detail::ObjectKind::atomic);
    if constexpr (std::is_same_v<T, bool>) detail::show_as_bool(id);
    return id;
  }
  static std::int64_t cas_arg(const T& expected, const T& desired) {
    return detail::pack_pair(detail::trace_value(expected), detail::trace_value(desired));
  }
  T replace(T value) {
    detail::hb_acquire(id_);
    detail::hb_release(id_);
    T old = value_;
    value_ = value;
    detail::set_result(detail::trace_value(old));
    return old;
  }
  template <detail::OpKind kKind>
  T fetch(T operand, std::source_location location) {
    detail::step({kKind, id_, detail::trace_value(operand), location});
    T next{};
    if constexpr (kKind == detail::OpKind::fetch_add) next = static_cast<T>(value_ + operand);
    if constexpr (kKind == detail::OpKind::fetch_sub) next = static_cast<T>(value_ - operand);
    if constexpr (kKind == detail::OpKind::fetch_and) next = static_cast<T>(value_ & operand);
    if constexpr (kKind == detail::OpKind::fetch_or) next = static_cast<T>(value_ | operand);
    if constexpr (kKind == detail::OpKind::fetch_xor) next = static_cast<T>(value_ ^ operand);
    return replace(next);
  }
  bool cas(T& expected, T desired, bool weak) {
    const std::size_t step = detail::latest_step_index();
    const detail::ThreadId me = detail::self();
    const std::uint64_t mine = std::uint64_t{1} << me;
    detail::hb_acquire(id_);
    bool ok = value_ == expected;
    bool spurious = false;
    if (ok && weak && (failed_spuriously_ & mine) == 0) spurious = detail::choose_outcome(id_, 2, step) == 1;
    failed_spuriously_ = spurious ? failed_spuriously_ | mine : failed_spuriously_ & ~mine;
    // A spurious failure makes no progress: a retry loop yields to the others (fairness).
    if (spurious) detail::no_progress_at(step);
    if (ok && !spurious) {
      detail::hb_release(id_);
      value_ = desired;
      detail::set_step_result(step, detail::kExchanged);
      return true;
    }
    detail::set_step_result(step, spurious ? detail::kSpuriousFailure : detail::trace_value(value_));
    expected = value_;
    return false;
  }
  T value_;
  detail::ObjectId id_;
  std::uint64_t failed_spuriously_ = 0;  // bit per thread: its latest compare_exchange_weak here did
};

}  // namespace lockstep
