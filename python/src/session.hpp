// One `python3 -m lockstep run SCRIPT` exploration: the script run as a lockstep model.
// Every Python thread of the script runs on the engine's fiber for its thread id with a
// PyThreadState of its own, made current whenever that fiber runs Python code; the
// primitives the script creates live for one execution.
#pragma once

#include <pybind11/pybind11.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "locations.hpp"
#include "lockstep/detail/op.hpp"
#include "lockstep/failure.hpp"
#include "lockstep/run.hpp"

namespace lockstep::python {

namespace py = pybind11;

// pybind11 keeps, per OS thread, a stack of the bound calls in progress (the temporaries
// each keeps alive), pushed and popped by every call. Each fiber has its own calls in
// progress: a fiber starts with none, and a call that switched fibers finds its own again.
inline void* pybind11_calls() {
#if PYBIND11_INTERNALS_VERSION == 4
  return PYBIND11_TLS_GET_VALUE(pybind11::detail::get_local_internals().loader_life_support_tls_key);
#else
  return PYBIND11_TLS_GET_VALUE(pybind11::detail::get_internals().loader_life_support_tls_key);
#endif
}
inline void set_pybind11_calls(void* top) {
#if PYBIND11_INTERNALS_VERSION == 4
  PYBIND11_TLS_REPLACE_VALUE(pybind11::detail::get_local_internals().loader_life_support_tls_key, top);
#else
  PYBIND11_TLS_REPLACE_VALUE(pybind11::detail::get_internals().loader_life_support_tls_key, top);
#endif
}

// Makes the running Python thread's state current again when a primitive call returns to
// its Python caller: that call may have switched fibers, and the thread that ran meanwhile
// made its own state current (and pybind11's calls its own). This, and the first lines of
// every thread body, is the whole of the thread-state swap: the engine's switch itself
// knows nothing of Python, so C++ models pay nothing for it.
class Resume {
 public:
  Resume() : mine_(_PyThreadState_UncheckedGet()), calls_(pybind11_calls()) {}
  Resume(const Resume&) = delete;
  Resume& operator=(const Resume&) = delete;
  ~Resume() {
    if (_PyThreadState_UncheckedGet() != mine_) {
      PyThreadState_Swap(mine_);
      set_pybind11_calls(calls_);
    }
  }

 private:
  PyThreadState* mine_;
  void* calls_;
};

class Session {
 public:
  // `entry`: the Python callable that runs the script once (lockstep/_script.py), on the
  // execution's main thread. `package_dir`: lockstep's Python package, whose frames traces skip.
  Session(py::object entry, std::string name, std::optional<FailureKind> expected, std::string package_dir,
          std::string cwd);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  RunResult run(const RunOptions& options);

  // The session exploring now; throws a Python RuntimeError outside one.
  static Session& current();
  static bool active() { return current_ != nullptr; }
  // The current execution, counted from 1: a primitive made in an earlier one is stale.
  std::uint64_t generation() const { return generation_; }
  // A primitive for this execution; the session destroys it when the execution is over.
  template <class T, class... Args>
  T* make(Args&&... args) {
    // Boxed: the primitives are polymorphic without a virtual destructor; the box is
    // deleted as what it is.
    struct Box final {
      T value;
    };
    auto owned = std::unique_ptr<Box>(new Box{T(std::forward<Args>(args)...)});
    arena_.push_back({owned.get(), [](void* p) { delete static_cast<Box*>(p); }});
    return &owned.release()->value;
  }
  Locations& locations() { return locations_; }

  // A thread of the script (threading.Thread.start, multiprocessing.Process.start):
  // `body` is called on its own fiber. Daemon threads are not waited for.
  detail::ThreadId spawn(const std::string& name, py::object body, bool daemon);
  // At the end of the script's main code: waits for every non-daemon thread, as the
  // interpreter does at exit.
  void wait_for_threads();

 private:
  struct Owned {
    void* object;
    void (*destroy)(void*);
  };
  static void main_body();
  // Runs `callable` as the body of thread `thread`, on its fiber.
  void run_thread(detail::ThreadId thread, PyObject* callable);
  PyThreadState* state_of(detail::ThreadId thread);
  void begin_execution();
  // Destroys the primitives of the previous execution, outside any execution (their
  // destructors would otherwise detach objects of the running one).
  void sweep();

  static Session* current_;
  py::object entry_;
  std::string name_;
  std::optional<FailureKind> expected_;
  Locations locations_;
  PyThreadState* caller_ = nullptr;
  void* caller_calls_ = nullptr;  // pybind11's calls in progress on the caller's stack
  std::array<PyThreadState*, detail::kMaxThreads> states_{};
  std::vector<Owned> arena_;
  std::uint64_t generation_ = 0;
  struct Spawned {
    detail::ThreadId thread;
    std::source_location location;
  };
  std::vector<Spawned> waited_;  // this execution's non-daemon threads
};

}  // namespace lockstep::python
