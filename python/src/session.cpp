// Exploring a script as a lockstep model: its threads on fibers, each with its own
// PyThreadState, and the primitives of one execution (see session.hpp).
#include "session.hpp"

#include <utility>

#include "errors.hpp"
#include "lockstep/thread.hpp"
#include "runtime/execution.hpp"

namespace lockstep::python {

Session* Session::current_ = nullptr;

Session::Session(py::object entry, std::string name, std::optional<FailureKind> expected, std::string package_dir,
                 std::string cwd)
    : entry_(std::move(entry)),
      name_(std::move(name)),
      expected_(expected),
      locations_(std::move(package_dir), std::move(cwd)) {}

Session::~Session() {
  sweep();
  for (PyThreadState*& state : states_) {
    if (state == nullptr) continue;
    PyThreadState_Clear(state);
    PyThreadState_Delete(state);
    state = nullptr;
  }
}

Session& Session::current() {
  if (current_ == nullptr) {
    throw std::runtime_error("lockstep's primitives work only inside a script that `python3 -m lockstep run` explores");
  }
  return *current_;
}

RunResult Session::run(const RunOptions& options) {
  if (current_ != nullptr) throw std::runtime_error("lockstep: one exploration at a time");
  current_ = this;
  caller_ = PythonThread::running();
  // Whatever way the exploration ends, Python goes on in the caller's own thread state.
  struct End {
    Session& session;
    ~End() {
      session.caller_.make_running();
      session.sweep();
      current_ = nullptr;
    }
  } end{*this};
  const ModelInfo model{name_, "Python script", expected_, &Session::main_body, {}};
  return lockstep::run(model, options);
}

void Session::main_body() {
  Session& session = *current_;
  session.begin_execution();
  session.run_thread(0, session.entry_.ptr());
}

void Session::begin_execution() {
  ++generation_;
  Resume::forget_calls();
  sweep();
  locations_.trim();
  spawned_.clear();
}

void Session::sweep() {
  detail::Execution* running = std::exchange(detail::tls_execution, nullptr);
  // Last made, first destroyed: a Condition before the Lock it wraps.
  for (auto it = arena_.rbegin(); it != arena_.rend(); ++it) it->destroy(it->object);
  arena_.clear();
  detail::tls_execution = running;
}

PyThreadState* Session::state_of(detail::ThreadId thread) {
  PyThreadState*& state = states_[thread];
  // A thread that faulted (a stack overflow) left its frames behind on a stack that is gone:
  // its state is abandoned, never reused nor cleared.
#if PY_VERSION_HEX >= 0x030D0000
  if (state != nullptr && state->current_frame != nullptr) state = nullptr;
#else
  if (state != nullptr && state->cframe->current_frame != nullptr) state = nullptr;
#endif
  if (state == nullptr) state = PyThreadState_New(caller_.state->interp);
  return state;
}

void Session::run_thread(detail::ThreadId thread, PyObject* callable) {
  PythonThread{state_of(thread), nullptr}.make_running();
  PyErr_Clear();
  PyObject* result = PyObject_CallNoArgs(callable);
  if (result != nullptr) {
    Py_DECREF(result);
    return;
  }
  if (PyErr_ExceptionMatches(abort_error)) {
    PyErr_Clear();
    throw detail::Abort{};
  }
  // The script's own exceptions are reported by lockstep/_script.py; one that gets here
  // escaped lockstep's Python code.
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  std::string what = "?";
  if (value != nullptr) {
    if (PyObject* text = PyObject_Str(value)) {
      if (const char* utf8 = PyUnicode_AsUTF8(text)) what = utf8;
      Py_DECREF(text);
    }
  }
  PyErr_Clear();
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  detail::fail(FailureKind::uncaught_exception, "lockstep internal error: " + what, {});
}

detail::ThreadId Session::spawn(const std::string& name, py::object body, bool daemon) {
  const std::source_location location = locations_.caller();
  std::function<void()> run = [this, body = std::move(body)] { run_thread(detail::self(), body.ptr()); };
  Resume resume;
  const detail::ThreadId thread = detail::spawn(name, std::move(run), location);
  // Thread(daemon=True): traced like any thread, never waited for (as C++'s ThreadOptions).
  if (daemon) detail::make_daemon(thread);
  spawned_.push_back({thread, daemon, location});
  return thread;
}

std::source_location Session::started_at(detail::ThreadId thread) const {
  for (const Spawned& s : spawned_) {
    if (s.thread == thread) return s.location;
  }
  return {};
}

void Session::wait_for_threads() {
  Resume resume;
  // By index: a thread may start others while this one waits. Each wait shows the line
  // that started the thread, as a C++ model's shows the line that made its Thread. A
  // daemon's handle is let go without a wait, as a C++ daemon Thread's destructor does.
  for (std::size_t i = 0; i < spawned_.size(); ++i) {
    const Spawned s = spawned_[i];
    detail::drop_handle(s.thread, s.daemon || detail::finished(s.thread), s.location);
  }
}

}  // namespace lockstep::python
