// Model threads (threading.Thread, started at construction), yield and sleep.
#pragma once

#include <functional>
#include <source_location>
#include <string_view>
#include <utility>

#include "lockstep/detail/runtime.hpp"

namespace lockstep {

// Thread(..., daemon=True): Thread t("name", fn, {.daemon = true}).
struct ThreadOptions {
  // Not waited for: neither the model body's end nor a deadlock waits for it, and it is
  // abandoned where it stands when every other thread finished (Python kills daemon threads
  // at interpreter exit).
  bool daemon = false;
};

class Thread {
 public:
  // Inline, as are the destructor and join(): each is a single verb call.
  Thread(std::string_view name, std::function<void()> body,
         std::source_location location = std::source_location::current())
      : id_(detail::spawn(name, std::move(body), location)), location_(location) {}
  Thread(std::string_view name, std::function<void()> body, ThreadOptions options,
         std::source_location location = std::source_location::current())
      : id_(detail::spawn(name, std::move(body), location)), daemon_(options.daemon), location_(location) {
    if (daemon_) detail::make_daemon(id_);
  }
  Thread(Thread&& other) noexcept;
  Thread& operator=(Thread&&) = delete;
  // Not joined yet: joins, as Python's interpreter waits for non-daemon threads at exit.
  ~Thread() noexcept(false) {
    if (owns_) detail::drop_handle(id_, joined_ || daemon_, location_);
  }

  void join(std::source_location location = std::source_location::current()) {
    if (!owns_) [[unlikely]] detail::fail(FailureKind::model_misuse, "join() on a moved-from Thread", location);
    detail::join_thread(id_, location);
    joined_ = true;
  }
  // join(timeout): waits up to `timeout` ticks and may time out at any point while the
  // thread runs (abstract time). Returns whether the thread finished; CPython's returns
  // None, and callers ask is_alive().
  bool join(int timeout, std::source_location location = std::source_location::current()) {
    if (!owns_) [[unlikely]] detail::fail(FailureKind::model_misuse, "join() on a moved-from Thread", location);
    const bool done = detail::join_thread_timed(id_, timeout, location);
    joined_ = joined_ || done;
    return done;
  }
  bool is_alive(std::source_location location = std::source_location::current()) const {
    return detail::thread_alive(id_, location);
  }
  bool daemon() const { return daemon_; }
  std::string_view name() const;

 private:
  detail::ThreadId id_;
  bool owns_ = true;  // false once moved from
  bool joined_ = false;
  bool daemon_ = false;
  std::source_location location_;
};

namespace this_thread {
// "I am spinning": docs/semantics.md has the fairness rule this follows.
void yield(std::source_location location = std::source_location::current());
}  // namespace this_thread

// time.sleep: abstract ticks; a model checker lets the sleeper resume at any point.
void sleep(int ticks, std::source_location location = std::source_location::current());

}  // namespace lockstep
