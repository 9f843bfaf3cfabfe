// The exceptions CPython's threading and queue modules raise, as C++ exceptions a model may
// catch. Uncaught, they end the execution as an uncaught_exception whose message names the
// Python exception (what() is "queue.Full", "ValueError: ..."). Misuse CPython answers
// with RuntimeError is not among them: it stays a model_misuse failure.
#pragma once

#include <exception>
#include <string>

namespace lockstep {

// queue.Empty: get_nowait() on an empty queue.
class Empty : public std::exception {
 public:
  const char* what() const noexcept override { return "queue.Empty"; }
};

// queue.Full: put_nowait() or a timed put() on a full queue.
class Full : public std::exception {
 public:
  const char* what() const noexcept override { return "queue.Full"; }
};

// threading.BrokenBarrierError: a Barrier was aborted, reset or broken by a timeout.
class BrokenBarrierError : public std::exception {
 public:
  const char* what() const noexcept override { return "threading.BrokenBarrierError"; }
};

// ValueError, with CPython's message: "Semaphore released too many times",
// "task_done() called too many times"...
class ValueError : public std::exception {
 public:
  explicit ValueError(const std::string& message) : what_("ValueError: " + message) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string what_;
};

}  // namespace lockstep
