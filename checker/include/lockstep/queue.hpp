// queue.Queue / queue.SimpleQueue: FIFO; get blocks while empty, put while full. Every
// operation takes the queue's internal mutex in CPython, so each one acquires and releases
// the queue for happens-before.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <source_location>
#include <string>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/detail/value.hpp"

namespace lockstep {

template <class T>
class Queue : public detail::Object {
 public:
  Queue() : Queue(0) {}
  explicit Queue(int maxsize) : maxsize_(maxsize), id_(detail::attach(this, detail::ObjectKind::queue)) {}
  explicit Queue(std::string_view name, int maxsize = 0) : Queue(maxsize) { this->name(name); }
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;
  ~Queue() { detail::detach(id_); }

  void put(T item, std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::put, id_, detail::trace_value(item), location});
    sync();
    items_.push_back(std::move(item));
  }
  T get(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::get, id_, 0, location});
    sync();
    return pop();
  }
  // Blocks up to `timeout` ticks; nullopt when it timed out (queue.Empty).
  std::optional<T> get(int timeout, std::source_location location = std::source_location::current()) {
    if (timeout <= 0) return try_get(location);
    detail::step({detail::OpKind::get_timed, id_, timeout, location});
    sync();
    if (items_.empty()) {
      detail::set_result(detail::kNone);
      return std::nullopt;
    }
    return pop();
  }
  std::optional<T> try_get(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::try_get, id_, 0, location});
    sync();
    if (items_.empty()) {
      detail::set_result(detail::kNone);
      return std::nullopt;
    }
    return pop();
  }
  std::optional<T> get_nowait(std::source_location location = std::source_location::current()) {
    return try_get(location);
  }
  bool empty(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::empty, id_, 0, location});
    sync();
    detail::set_result(items_.empty());
    return items_.empty();
  }
  std::size_t size(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::size, id_, 0, location});
    sync();
    detail::set_result(static_cast<std::int64_t>(items_.size()));
    return items_.size();
  }
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId, const detail::Op& op) const override {
    switch (op.kind) {
      case detail::OpKind::put: return maxsize_ <= 0 || items_.size() < static_cast<std::size_t>(maxsize_);
      case detail::OpKind::get: return !items_.empty();
      default: return true;  // get_timed may time out; the rest never block
    }
  }
  std::string blocked_on(detail::ThreadId, const detail::Op& op) const override {
    return op.kind == detail::OpKind::put ? "waits for a free slot in " + detail::object_name(id_) + " (full)"
                                          : "waits for an item in " + detail::object_name(id_) + " (empty)";
  }

 private:
  void sync() const {
    detail::hb_acquire(id_);
    detail::hb_release(id_);
  }
  T pop() {
    T item = std::move(items_.front());
    items_.pop_front();
    detail::set_result(detail::trace_value(item));
    return item;
  }
  int maxsize_;
  detail::ObjectId id_;
  std::deque<T> items_;
};

}  // namespace lockstep
