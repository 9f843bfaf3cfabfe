// multiprocessing.Queue: put() hands the item to its process's feeder thread and returns at
// once; the feeder delivers it into the pipe later, as a step of its own, so empty() can be
// true after put() returned and get() blocks until a delivery. Each producing thread gets
// its own feeder (as each process does in CPython): per-producer FIFO, no order across them.
#pragma once

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

template <class T>
class ProcessQueue : public detail::Object {
 public:
  explicit ProcessQueue(int maxsize = 0, std::source_location location = std::source_location::current())
      : maxsize_(maxsize), location_(location), id_(detail::attach(this, detail::ObjectKind::process_queue)) {}
  explicit ProcessQueue(std::string_view name, int maxsize = 0,
                        std::source_location location = std::source_location::current())
      : ProcessQueue(maxsize, location) {
    this->name(name);
  }
  ProcessQueue(const ProcessQueue&) = delete;
  ProcessQueue& operator=(const ProcessQueue&) = delete;
  ~ProcessQueue() { detail::detach(id_); }  // feeders whose queue is gone are never scheduled

  // Blocks only while a bounded queue holds maxsize items (delivered or not), as CPython's
  // semaphore does; the item then waits in this thread's feeder buffer.
  void put(T item, std::source_location location = std::source_location::current()) {
    const detail::ThreadId me = detail::step({detail::OpKind::put, id_, detail::trace_value(item), location});
    detail::hb_release(id_);
    feeder_of(me).buffer.push_back(std::move(item));
  }
  T get(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::get, id_, 0, location});
    return pop();
  }
  // Polls the pipe up to `timeout` ticks; nullopt when nothing was delivered in time.
  std::optional<T> get(int timeout, std::source_location location = std::source_location::current()) {
    if (timeout <= 0) return try_get(location);
    detail::step({detail::OpKind::get_timed, id_, timeout, location});
    return pipe_.empty() ? none() : std::optional<T>(pop());
  }
  std::optional<T> try_get(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::try_get, id_, 0, location});
    return pipe_.empty() ? none() : std::optional<T>(pop());
  }
  // Raises queue.Empty when nothing was delivered (try_get returns nullopt instead).
  T get_nowait(std::source_location location = std::source_location::current()) {
    std::optional<T> item = try_get(location);
    if (!item) throw Empty();
    return std::move(*item);
  }
  // Whether the pipe is empty: items still in a feeder buffer do not count.
  bool empty(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::empty, id_, 0, location});
    detail::set_result(pipe_.empty());
    return pipe_.empty();
  }
  // Items put and not yet taken, delivered or not (CPython counts them with a semaphore).
  std::size_t size(std::source_location location = std::source_location::current()) {
    detail::step({detail::OpKind::size, id_, 0, location});
    detail::set_result(static_cast<std::int64_t>(total()));
    return total();
  }
  void name(std::string_view name) { detail::rename(id_, name); }

  bool enabled(detail::ThreadId thread, const detail::Op& op) const override {
    switch (op.kind) {
      case detail::OpKind::put: return maxsize_ <= 0 || total() < static_cast<std::size_t>(maxsize_);
      case detail::OpKind::get: return !pipe_.empty();
      case detail::OpKind::deliver:
        for (const Feeder& f : feeders_) {
          if (f.thread == thread) return !f.buffer.empty();
        }
        return false;
      default: return true;  // get_timed may time out; the rest never block
    }
  }
  bool polls_in_vain(detail::ThreadId, const detail::Op& op) const override {
    return (op.kind == detail::OpKind::get_timed || op.kind == detail::OpKind::try_get) && pipe_.empty();
  }
  std::string blocked_on(detail::ThreadId, const detail::Op& op) const override {
    return op.kind == detail::OpKind::put
               ? "waits for a free slot in " + detail::object_name(id_) + " (full)"
               : "waits for an item in " + detail::object_name(id_) + " (nothing delivered to the pipe)";
  }

 private:
  struct Feeder {
    detail::ThreadId producer;
    detail::ThreadId thread;
    std::deque<T> buffer;
  };

  // CPython starts a process's feeder thread at its first put().
  Feeder& feeder_of(detail::ThreadId producer) {
    for (Feeder& f : feeders_) {
      if (f.producer == producer) return f;
    }
    const std::size_t index = feeders_.size();
    const std::string name = detail::thread_name(producer) + ":" + detail::object_name(id_) + "-feeder";
    feeders_.push_back({producer, 0, {}});
    feeders_[index].thread = detail::spawn_daemon(name, [this, index] { feed(index); });
    return feeders_[index];
  }
  [[noreturn]] void feed(std::size_t index) {
    for (;;) {
      detail::step({detail::OpKind::deliver, id_, 0, location_});
      Feeder& f = feeders_[index];
      detail::set_result(detail::trace_value(f.buffer.front()));
      pipe_.push_back(std::move(f.buffer.front()));
      f.buffer.pop_front();
    }
  }
  std::size_t total() const {
    std::size_t n = pipe_.size();
    for (const Feeder& f : feeders_) n += f.buffer.size();
    return n;
  }
  T pop() {
    detail::hb_acquire(id_);
    T item = std::move(pipe_.front());
    pipe_.pop_front();
    detail::set_result(detail::trace_value(item));
    return item;
  }
  // A get(timeout) that timed out or a try_get that found nothing: a poll.
  std::optional<T> none() {
    detail::set_result(detail::kNone);
    detail::no_progress();
    return std::nullopt;
  }

  int maxsize_;
  std::source_location location_;
  detail::ObjectId id_;
  std::vector<Feeder> feeders_;
  std::deque<T> pipe_;
};

}  // namespace lockstep
