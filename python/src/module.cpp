// lockstep._engine: the CPython extension module behind `python3 -m lockstep`. It runs a
// script as a lockstep model (session.hpp), offers the primitives the replaced threading,
// queue and multiprocessing modules hand the script (primitives.cpp), and renders results
// with the C++ CLI's own formats.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "lockstep/exceptions.hpp"
#include "lockstep/report.hpp"
#include "lockstep/thread.hpp"
#include "primitives.hpp"
#include "runtime/execution.hpp"
#include "session.hpp"

namespace lockstep::python {

PyObject* abort_error = nullptr;
PyObject* empty_error = nullptr;
PyObject* full_error = nullptr;
PyObject* broken_barrier_error = nullptr;

namespace {

namespace py = pybind11;
using namespace pybind11::literals;

PyObject* input_error = nullptr;

PyObject* new_exception(py::module_& m, const char* qualified, const char* name, PyObject* base) {
  PyObject* type = PyErr_NewException(qualified, base, nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module keeps a reference; ours is never dropped
  return type;
}

std::optional<FailureKind> kind_of(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  auto kind = parse_failure_kind(*name);
  if (!kind) throw py::value_error("unknown failure kind '" + *name + "'");
  return kind;
}

RunResult explore(py::object entry, const std::string& name, const std::optional<std::string>& expected,
                  const std::string& package_dir, const std::string& cwd, const RunOptions& options) {
  Session session(std::move(entry), name, kind_of(expected), package_dir, cwd);
  return session.run(options);
}

}  // namespace
}  // namespace lockstep::python

PYBIND11_MODULE(_engine, m) {
  using namespace lockstep;
  using namespace lockstep::python;
  m.doc() = "lockstep's engine for Python scripts (python3 -m lockstep)";
  if (!Locations::layout_matches()) {
    throw std::runtime_error("lockstep._engine: this C++ library's std::source_location has an unknown layout");
  }
  abort_error = new_exception(m, "lockstep._engine.Abort", "Abort", PyExc_BaseException);
  input_error = new_exception(m, "lockstep._engine.InputError", "InputError", PyExc_ValueError);
  empty_error = new_exception(m, "queue.Empty", "Empty", PyExc_Exception);
  full_error = new_exception(m, "queue.Full", "Full", PyExc_Exception);
  broken_barrier_error =
      new_exception(m, "threading.BrokenBarrierError", "BrokenBarrierError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const detail::Abort&) {
      PyErr_SetNone(abort_error);
    } catch (const InputError& e) {
      PyErr_SetString(input_error, e.what());
    } catch (const Empty&) {
      PyErr_SetNone(empty_error);
    } catch (const Full&) {
      PyErr_SetNone(full_error);
    } catch (const BrokenBarrierError&) {
      PyErr_SetNone(broken_barrier_error);
    } catch (const ValueError& e) {
      // The engine's what() is "ValueError: <CPython's message>"; Python names the type itself.
      std::string_view what = e.what();
      constexpr std::string_view prefix = "ValueError: ";
      if (what.starts_with(prefix)) what.remove_prefix(prefix.size());
      PyErr_SetString(PyExc_ValueError, std::string(what).c_str());
    }
  });

  bind_primitives(m);

  // Threads of the script.
  m.def("spawn", [](const std::string& name, py::object body, bool daemon) {
    return static_cast<int>(Session::current().spawn(name, std::move(body), daemon));
  });
  m.def("wait_for_threads", [] { Session::current().wait_for_threads(); });
  m.def(
      "join",
      [](int thread, const py::object& timeout) {
        Session& session = Session::current();
        const auto at = session.locations().caller();
        const auto t = static_cast<detail::ThreadId>(thread);
        if (timeout.is_none()) {
          Resume resume;
          return detail::join_thread(t, at);
        }
        // CPython: a negative timeout acts as 0. One step, after which the thread may still
        // be alive (is_alive() tells, as in CPython).
        const int ticks = timeout_ticks(timeout);
        Resume resume;
        detail::join_thread_timed(t, ticks, at);
      },
      "thread"_a, "timeout"_a = py::none());
  m.def("is_alive", [](int thread) {
    Session& session = Session::current();
    const auto at = session.locations().caller();
    Resume resume;
    return detail::thread_alive(static_cast<detail::ThreadId>(thread), at);
  });
  m.def("finished", [](int thread) {
    Session::current();
    return detail::finished(static_cast<detail::ThreadId>(thread));
  });
  m.def("current_thread", [] {
    return Session::active() && detail::current_execution() != nullptr ? static_cast<int>(detail::self()) : -1;
  });
  m.def("sleep", [](double seconds) {
    Session& session = Session::current();
    const auto at = session.locations().caller();
    Resume resume;
    const double ticks = std::ceil(std::max(seconds, 0.0));
    lockstep::sleep(ticks >= 1e9 ? 1000000000 : static_cast<int>(ticks), at);
  });
  m.def("fail", [](const std::string& kind, const std::string& message, const std::string& file, int line) {
    Session& session = Session::current();
    const auto at = session.locations().at(file, line);
    Resume resume;
    detail::fail(parse_failure_kind(kind).value_or(FailureKind::uncaught_exception), message, at);
  });

  // Exploring a script, and its results.
  py::class_<RunResult>(m, "RunResult")
      .def_readonly("model", &RunResult::model)
      .def_readonly("executions", &RunResult::executions)
      .def_readonly("steps", &RunResult::steps)
      .def_readonly("elapsed_s", &RunResult::elapsed_s)
      .def_readonly("as_expected", &RunResult::as_expected)
      .def_property_readonly("verdict", [](const RunResult& r) { return std::string(to_string(r.verdict)); })
      .def_property_readonly("kind",
                             [](const RunResult& r) -> std::optional<std::string> {
                               if (!r.failure) return std::nullopt;
                               return std::string(to_string(r.failure->kind));
                             })
      .def_property_readonly("message",
                             [](const RunResult& r) { return r.failure ? r.failure->message : std::string(); })
      .def_property_readonly("location",
                             [](const RunResult& r) { return r.failure ? r.failure->location : std::string(); })
      .def_property_readonly("token", [](const RunResult& r) { return r.failure ? r.failure->token : std::string(); })
      .def_property_readonly("trace",
                             [](const RunResult& r) {
                               py::list out;
                               if (!r.failure) return out;
                               for (const TraceStep& s : r.failure->trace) {
                                 out.append(py::dict("step"_a = s.step, "thread"_a = s.thread, "op"_a = s.op,
                                                     "object"_a = s.object, "location"_a = s.location));
                               }
                               return out;
                             })
      .def_property_readonly("blocked",
                             [](const RunResult& r) {
                               py::list out;
                               if (!r.failure) return out;
                               for (const BlockedThread& b : r.failure->blocked) {
                                 out.append(py::dict("thread"_a = b.thread, "waits_for"_a = b.waits_for,
                                                     "holds"_a = b.holds, "location"_a = b.location));
                               }
                               return out;
                             })
      .def("summary", [](const RunResult& r) { return format_summary(r); })
      .def("failure_text", [](const RunResult& r) { return format_failure(r); })
      .def("replay_line", [](const RunResult& r) { return format_replay_line(r); });
  m.def(
      "explore",
      [](py::object entry, const std::string& name, const std::optional<std::string>& expected,
         const std::string& package_dir, const std::string& cwd, const std::string& strategy,
         std::uint64_t max_executions, std::uint64_t max_steps, bool step_limit_cuts, std::uint64_t seed,
         int preemptions, int pct_depth, double time_limit, const std::string& token) {
        RunOptions options;
        options.strategy = strategy;
        options.max_executions = max_executions;
        options.max_steps = max_steps;
        options.step_limit_cuts = step_limit_cuts;
        options.seed = seed;
        options.preemptions = preemptions;
        options.pct_depth = pct_depth;
        options.time_limit_s = time_limit;
        options.token = token;
        return explore(std::move(entry), name, expected, package_dir, cwd, options);
      },
      "entry"_a, "name"_a, "expected"_a, "package_dir"_a, "cwd"_a, "strategy"_a = "dpor", "max_executions"_a = 0,
      "max_steps"_a = 100000, "step_limit_cuts"_a = false, "seed"_a = 0, "preemptions"_a = 2, "pct_depth"_a = 3,
      "time_limit"_a = 0.0, "token"_a = "");
  m.def("format_json", [](const std::vector<RunResult>& results) { return format_json(results); });
  m.def("format_junit", [](const std::vector<RunResult>& results) { return format_junit(results); });
  m.def("failure_kinds", [] {
    std::vector<std::string> out;
    for (int k = 0; k <= static_cast<int>(FailureKind::stack_overflow); ++k) {
      out.emplace_back(to_string(static_cast<FailureKind>(k)));
    }
    return out;
  });
}
