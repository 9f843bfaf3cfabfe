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
#include "lockstep/detail/runtime.hpp"
#include "lockstep/failure.hpp"
#include "lockstep/run.hpp"

namespace lockstep::python {

namespace py = pybind11;

// What CPython and pybind11 keep per OS thread for the Python thread running on it, which
// lockstep's fibers share: CPython's current thread state; pybind11's record of it (its
// gil_scoped_acquire compares it with the current one, and would wait for the GIL this OS
// thread holds if they differed); pybind11's stack of the bound calls in progress (each
// call pushes and pops one entry). Every fiber has its own: a fiber starts with no calls
// in progress, and a call that switched fibers finds its own state again.
struct PythonThread {
  PyThreadState* state;
  void* calls;

  static PythonThread running() {
    return {_PyThreadState_UncheckedGet(), PYBIND11_TLS_GET_VALUE(life_support_key())};
  }
  void make_running() const {
    PyThreadState_Swap(state);
    PYBIND11_TLS_REPLACE_VALUE(pybind11::detail::get_internals().tstate, state);
    PYBIND11_TLS_REPLACE_VALUE(life_support_key(), calls);
  }

 private:
  static PYBIND11_TLS_KEY_REF life_support_key() {
#if PYBIND11_INTERNALS_VERSION == 4
    return pybind11::detail::get_local_internals().loader_life_support_tls_key;
#else
    return pybind11::detail::get_internals().loader_life_support_tls_key;
#endif
  }
};

// Makes the calling Python thread the running one again when a primitive call returns to
// it: that call may have switched fibers, and the threads that ran meanwhile made
// themselves the running one. This, and the first lines of every thread body, is the
// whole of the thread-state swap: the engine's switch itself knows nothing of Python, so
// C++ models pay nothing for it.
class Resume {
 public:
  Resume() : mine_(PythonThread::running()), thread_(detail::self()), outer_(active_[thread_]) {
    active_[thread_] = this;
  }
  Resume(const Resume&) = delete;
  Resume& operator=(const Resume&) = delete;
  ~Resume() {
    active_[thread_] = outer_;
    if (_PyThreadState_UncheckedGet() != mine_.state) mine_.make_running();
  }
  // Inside a primitive call, before it calls back into Python after a step (a Barrier's
  // action, a PriorityQueue comparing its items): the calling thread's state, which the
  // threads that ran during the step replaced, is made the running one again.
  static void enter() {
    const Resume* call = active_[detail::self()];
    if (call != nullptr && _PyThreadState_UncheckedGet() != call->mine_.state) call->mine_.make_running();
  }
  // A new execution: a thread that faulted in the last one left its calls behind unfinished.
  static void forget_calls() { active_.fill(nullptr); }

 private:
  PythonThread mine_;
  detail::ThreadId thread_;
  const Resume* outer_;  // a primitive call made from Python code that one runs (nested)
  static inline std::array<const Resume*, detail::kMaxThreads> active_{};  // the innermost call per thread
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
  // `body` is called on its own fiber. Daemon threads are traced but not waited for.
  detail::ThreadId spawn(const std::string& name, py::object body, bool daemon);
  // At the end of the script's main code: waits for every non-daemon thread, as the
  // interpreter does at exit (a daemon still running then is abandoned).
  void wait_for_threads();
  // The script's line that started `thread` (none for the main thread).
  std::source_location started_at(detail::ThreadId thread) const;

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
  PythonThread caller_{};  // the Python thread that called run()
  std::array<PyThreadState*, detail::kMaxThreads> states_{};
  std::vector<Owned> arena_;
  std::uint64_t generation_ = 0;
  struct Spawned {
    detail::ThreadId thread;
    bool daemon;
    std::source_location location;
  };
  std::vector<Spawned> spawned_;  // this execution's threads, in the order they started
};

}  // namespace lockstep::python
