// queue.Queue / queue.SimpleQueue, queue.LifoQueue and queue.PriorityQueue: get blocks
// while empty, put while full; task_done()/join() count unfinished tasks. Every operation
// takes the queue's internal mutex in CPython, so each one acquires and releases the queue
// for happens-before.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

#include "lockstep/detail/runtime.hpp"
#include "lockstep/detail/value.hpp"
#include "lockstep/exceptions.hpp"

namespace lockstep {

namespace detail {
// The order items leave a queue in: CPython's _put/_get of each class.
template <class T>
struct FifoOrder {  // queue.Queue: a deque, popleft
  std::deque<T> items;
  void push(T item) { items.push_back(std::move(item)); }
  T pop() {
    T item = std::move(items.front());
    items.pop_front();
    return item;
  }
};
template <class T>
struct LifoOrder {  // queue.LifoQueue: a list, pop()
  std::vector<T> items;
  void push(T item) { items.push_back(std::move(item)); }
  T pop() {
    T item = std::move(items.back());
    items.pop_back();
    return item;
  }
};
template <class T>
struct PriorityOrder {  // queue.PriorityQueue: heapq, smallest first (by operator<)
  std::vector<T> items;
  static bool later(const T& a, const T& b) { return b < a; }
  void push(T item) {
    items.push_back(std::move(item));
    std::push_heap(items.begin(), items.end(), later);
  }
  T pop() {
    std::pop_heap(items.begin(), items.end(), later);
    T item = std::move(items.back());
    items.pop_back();
    return item;
  }
};
// A put's argument for put_timed: put_nowait (a timeout >= 0 is shown as it is).
inline constexpr std::int64_t kPutNowait = -1;
}  // namespace detail

template <class T, class Order>
class BasicQueue : public detail::Object {
 public:
  BasicQueue() : BasicQueue(0) {}
  // maxsize <= 0: unbounded.
  explicit BasicQueue(int maxsize)
      : maxsize_(maxsize),
        id_(detail::attach(this, detail::ObjectKind::queue)),
        tasks_id_(detail::attach(this, detail::ObjectKind::queue, id_)) {}
  explicit BasicQueue(std::string_view name, int maxsize = 0) : BasicQueue(maxsize) { this->name(name); }
  BasicQueue(const BasicQueue&) = delete;
  BasicQueue& operator=(const BasicQueue&) = delete;
  ~BasicQueue() {
    detail::detach(tasks_id_);
    detail::detach(id_);
  }

  // Blocks while a bounded queue is full.
  void put(T item, std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::put, id_, detail::trace_value(item), location});
    sync();
    push(std::move(item));
  }
  // put(item, timeout=N): may time out at any point while the queue is full, raising
  // queue.Full; 0 never waits. A negative timeout raises ValueError (bounded queues only,
  // as in CPython: an unbounded put never looks at it).
  void put(T item, int timeout, std::source_location location = std::source_location::current()) {
    if (timeout < 0 && maxsize_ > 0) throw ValueError("'timeout' must be a non-negative number");
    put_timed(std::move(item), timeout < 0 ? 0 : timeout, location);
  }
  // put(item, block): block=False is put_nowait.
  void put(T item, bool block, std::source_location location = std::source_location::current()) {
    if (block) return put(std::move(item), location);
    put_nowait(std::move(item), location);
  }
  template <class U>
  void put(T, U, std::source_location = std::source_location::current()) = delete;  // bool or int only
  // Raises queue.Full when a bounded queue is full.
  void put_nowait(T item, std::source_location location = std::source_location::current()) {
    put_timed(std::move(item), detail::kPutNowait, location);
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
    if (order_.items.empty()) {
      detail::set_result(detail::kNone);
      detail::no_progress();  // timed out, or found nothing: a poll
      return std::nullopt;
    }
    return pop();
  }
  // get(block): block=False is try_get (nullopt for queue.Empty).
  std::optional<T> get(bool block, std::source_location location = std::source_location::current()) {
    if (block) return get(location);
    return try_get(location);
  }
  template <class U>
  std::optional<T> get(U, std::source_location = std::source_location::current()) = delete;  // bool or int only
  std::optional<T> try_get(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::try_get, id_, 0, location});
    sync();
    if (order_.items.empty()) {
      detail::set_result(detail::kNone);
      detail::no_progress();  // timed out, or found nothing: a poll
      return std::nullopt;
    }
    return pop();
  }
  // Raises queue.Empty when the queue is empty (try_get returns nullopt instead).
  T get_nowait(std::source_location location = std::source_location::current()) {
    std::optional<T> item = try_get(location);
    if (!item) throw Empty();
    return std::move(*item);
  }
  bool empty(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::empty, id_, 0, location});
    sync();
    detail::set_result(order_.items.empty());
    return order_.items.empty();
  }
  std::size_t size(std::source_location location = std::source_location::current()) { return count(0, location); }
  std::size_t qsize(std::source_location location = std::source_location::current()) { return count(0, location); }
  // 0 < maxsize <= qsize().
  bool full(std::source_location location = std::source_location::current()) { return count(1, location) != 0; }
  // Marks one task of an item taken earlier done; raises ValueError when called more often
  // than items were put.
  void task_done(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::task_done, id_, 0, location});
    sync();
    if (unfinished_ == 0) {
      detail::set_result(1);
      throw ValueError("task_done() called too many times");
    }
    --unfinished_;
    detail::hb_release(tasks_id_);
    detail::set_result(0);
  }
  // Blocks until every item put was marked done by task_done(). Whatever the threads did
  // before their task_done() happens before join() returns (it acquires the task count,
  // which each task_done() releases into; not the whole queue, so that join() commutes with
  // a get() for exploration).
  void join(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::queue_join, id_, 0, location});
    detail::hb_acquire(tasks_id_);
  }
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId, const detail::Op& op) const override {
    switch (op.kind) {
      case detail::OpKind::put: return !is_full();
      case detail::OpKind::get: return !order_.items.empty();
      case detail::OpKind::queue_join: return unfinished_ == 0;
      default: return true;  // timed ones may time out; the rest never block
    }
  }
  bool polls_in_vain(detail::ThreadId, const detail::Op& op) const override {
    if (op.kind == detail::OpKind::put_timed) return is_full();
    return (op.kind == detail::OpKind::get_timed || op.kind == detail::OpKind::try_get) && order_.items.empty();
  }
  std::string blocked_on(detail::ThreadId, const detail::Op& op) const override {
    switch (op.kind) {
      case detail::OpKind::put: return "waits for a free slot in " + detail::object_name(id_) + " (full)";
      case detail::OpKind::queue_join:
        return "waits in " + detail::object_name(id_) + ".join(): " + std::to_string(unfinished_) +
               " task(s) never marked task_done()";
      default: return "waits for an item in " + detail::object_name(id_) + " (empty)";
    }
  }

 private:
  void sync() const {
    detail::hb_acquire(id_);
    detail::hb_release(id_);
  }
  bool is_full() const { return maxsize_ > 0 && order_.items.size() >= static_cast<std::size_t>(maxsize_); }
  void push(T item) {
    order_.push(std::move(item));
    ++unfinished_;
  }
  // One step: the item goes in if there is room there; otherwise the timeout fires there.
  void put_timed(T item, std::int64_t timeout, std::source_location location) {
    detail::step({detail::OpKind::put_timed, id_, timeout, location});
    sync();
    if (is_full()) {
      detail::set_result(detail::kNone);
      detail::no_progress();  // timed out, or found no room: a poll
      throw Full();
    }
    detail::set_result(detail::trace_value(item));
    push(std::move(item));
  }
  // qsize() (which 0) or full() (which 1): the size step's argument says which.
  std::size_t count(int which, std::source_location location) {
    detail::step({detail::OpKind::size, id_, which, location});
    sync();
    const std::size_t n = which == 0 ? order_.items.size() : is_full();
    detail::set_result(static_cast<std::int64_t>(n));
    return n;
  }
  T pop() {
    T item = order_.pop();
    detail::set_result(detail::trace_value(item));
    return item;
  }
  int maxsize_;
  detail::ObjectId id_;
  // The unfinished-task count as an object of its own, attached right after the queue with
  // the queue as its parent, only for the dependence relation: join() waits on it and a
  // get() does not change it (explore/dependence.cpp). Steps name the queue.
  detail::ObjectId tasks_id_;
  Order order_;
  int unfinished_ = 0;  // CPython's unfinished_tasks
};

// queue.Queue(maxsize): first in, first out.
template <class T>
class Queue : public BasicQueue<T, detail::FifoOrder<T>> {
 public:
  using BasicQueue<T, detail::FifoOrder<T>>::BasicQueue;
};
// queue.LifoQueue(maxsize): last in, first out.
template <class T>
class LifoQueue : public BasicQueue<T, detail::LifoOrder<T>> {
 public:
  using BasicQueue<T, detail::LifoOrder<T>>::BasicQueue;
};
// queue.PriorityQueue(maxsize): the smallest item (by operator<) first.
template <class T>
class PriorityQueue : public BasicQueue<T, detail::PriorityOrder<T>> {
 public:
  using BasicQueue<T, detail::PriorityOrder<T>>::BasicQueue;
};

}  // namespace lockstep
