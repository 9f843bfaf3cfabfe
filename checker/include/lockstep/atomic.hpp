// A sequentially consistent atomic: load, store, exchange, compare_exchange, fetch_add.
// For happens-before a load acquires, a store releases, a read-modify-write does both.
#pragma once

#include <source_location>
#include <string_view>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/detail/value.hpp"

namespace lockstep {

template <class T>
class Atomic : public detail::Object {
 public:
  Atomic() : Atomic(T{}) {}
  Atomic(T value) : value_(value), id_(detail::attach(this, detail::ObjectKind::atomic)) {}
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
    sync_both();
    T old = value_;
    value_ = value;
    detail::set_result(detail::trace_value(old));
    return old;
  }
  // On failure stores the current value into `expected` (a failed CAS is only a read).
  bool compare_exchange(T& expected, T desired,
                        std::source_location location = std::source_location::current()) {
    detail::step_with_operand({detail::OpKind::compare_exchange, id_, detail::trace_value(desired), location},
                              &expected);
    bool ok = value_ == expected;
    detail::hb_acquire(id_);
    if (ok) {
      detail::hb_release(id_);
      value_ = desired;
    } else {
      expected = value_;
    }
    detail::set_result(ok);
    return ok;
  }
  T fetch_add(T delta, std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::fetch_add, id_, detail::trace_value(delta), location});
    sync_both();
    T old = value_;
    value_ = old + delta;
    detail::set_result(detail::trace_value(old));
    return old;
  }
  void name(std::string_view name) { detail::rename(id_, name); }
  bool enabled(detail::ThreadId, const detail::Op&) const override { return true; }
  // A pending compare_exchange changes the value only if it holds what the thread expects.
  bool changes(detail::ThreadId, const detail::Op& op, const void* operand) const override {
    return op.kind != detail::OpKind::compare_exchange || operand == nullptr ||
           *static_cast<const T*>(operand) == value_;
  }

 private:
  void sync_both() const {
    detail::hb_acquire(id_);
    detail::hb_release(id_);
  }
  T value_;
  detail::ObjectId id_;
};

}  // namespace lockstep
