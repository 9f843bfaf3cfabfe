// threading.Timer(interval, function): a thread that waits on its Event `finished` for the
// interval and calls the function unless cancel() set the event first. CPython's run():
//   self.finished.wait(self.interval)
//   if not self.finished.is_set(): self.function()
//   self.finished.set()
// In abstract time the wait may time out at any point, so the function may run before or
// after anything the other threads do, unless cancel() came first.
#pragma once

#include <functional>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>

#include "lockstep/event.hpp"
#include "lockstep/thread.hpp"

namespace lockstep {

class Timer {
 public:
  // Started at construction (Python's Timer(...).start()); the event is named NAME.finished.
  Timer(std::string_view name, int ticks, std::function<void()> fn, ThreadOptions options = {},
        std::source_location location = std::source_location::current())
      : thread_(name, [this, ticks, fn = std::move(fn)] { run(ticks, fn); }, options, location) {
    // Before the thread's first step: a new thread runs at the next scheduling point.
    finished_.name(std::string(name) + ".finished");
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // Stops the timer if it is still waiting: finished.set().
  void cancel(std::source_location location = std::source_location::current()) { finished_.set(location); }
  void join(std::source_location location = std::source_location::current()) { thread_.join(location); }
  bool join(int timeout, std::source_location location = std::source_location::current()) {
    return thread_.join(timeout, location);
  }
  bool is_alive(std::source_location location = std::source_location::current()) const {
    return thread_.is_alive(location);
  }
  Event& finished() { return finished_; }

 private:
  void run(int ticks, const std::function<void()>& fn) {
    finished_.wait(ticks);
    if (!finished_.is_set()) fn();
    finished_.set();
  }

  Event finished_;
  Thread thread_;
};

}  // namespace lockstep
