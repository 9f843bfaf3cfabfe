// Each class holds a primitive of one execution (Session's arena) and forwards to it with
// the script's own line as the location. Timeouts: None waits forever, <= 0 never blocks,
// > 0 may time out at any point (abstract time); the trace shows them rounded up.
#include "primitives.hpp"

#include <cmath>
#include <optional>

#include "errors.hpp"
#include "lockstep/condition.hpp"
#include "lockstep/event.hpp"
#include "lockstep/lock.hpp"
#include "lockstep/process_condition.hpp"
#include "lockstep/process_queue.hpp"
#include "lockstep/queue.hpp"
#include "lockstep/semaphore.hpp"
#include "session.hpp"

namespace lockstep::python {

// A Python object in a queue; the trace shows small ints and bools by value.
struct Item {
  py::object value;
};

}  // namespace lockstep::python

namespace lockstep::detail {
template <>
inline std::int64_t trace_value<python::Item>(const python::Item& item) {
  PyObject* v = item.value.ptr();
  if (PyLong_CheckExact(v) || PyBool_Check(v)) {
    int overflow = 0;
    const long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow == 0 && n > kNone) return n;
    PyErr_Clear();
  }
  return kOpaque;
}
}  // namespace lockstep::detail

namespace lockstep::python {
namespace {

using namespace pybind11::literals;

// A primitive as the script holds it: usable only in the execution that made it.
template <class T>
class Held {
 public:
  explicit Held(T* object) : object_(object), generation_(Session::current().generation()) {}
  T* operator->() const { return &get(); }
  T& get() const {
    if (!Session::active() || Session::current().generation() != generation_) [[unlikely]] stale();
    return *object_;
  }

 private:
  [[noreturn]] static void stale() {
    throw std::runtime_error(
        "this lockstep object was made in an earlier execution of the script; each execution "
        "runs the script afresh, so objects must not outlive it");
  }
  T* object_;
  std::uint64_t generation_;
};

std::source_location here() { return Session::current().locations().caller(); }

// Python's truth of what `predicate()` returns (a list is true when not empty). Called
// directly, without the argument tuple a pybind11 call would build.
bool truth(const py::object& predicate) {
  PyObject* value = PyObject_CallNoArgs(predicate.ptr());
  if (value == nullptr) throw py::error_already_set();
  const int result = PyObject_IsTrue(value);
  Py_DECREF(value);
  if (result < 0) throw py::error_already_set();
  return result != 0;
}

// None: forever (-1); <= 0: never blocks (0); otherwise whole ticks, at least 1.
int ticks(const py::object& timeout) {
  if (timeout.is_none()) return -1;
  const double t = timeout.cast<double>();
  if (!(t > 0)) return 0;
  return t >= 1e9 ? 1000000000 : std::max(1, static_cast<int>(std::ceil(t)));
}

// Names the primitive after the variable the script stores it in (`cond = Condition()`
// shows as cond), through lockstep/_names.py; unnamed objects keep the engine's cond1...
// (Leaked: a py::object destroyed after the interpreter's end would crash it.)
py::object* namer = nullptr;

template <class T, class... Args>
Held<T> make(Args&&... args) {
  T* object = Session::current().make<T>(std::forward<Args>(args)...);
  if (namer == nullptr) return Held<T>(object);
  py::object name = (*namer)();
  if (!name.is_none()) object->name(name.cast<std::string>());
  return Held<T>(object);
}

detail::LockBase& lock_of(const py::object& lock) {
  if (py::isinstance<Held<Lock>>(lock)) return lock.cast<Held<Lock>&>().get();
  if (py::isinstance<Held<RLock>>(lock)) return lock.cast<Held<RLock>&>().get();
  throw py::type_error("Condition(lock): lock must be a Lock or an RLock of the same module");
}

template <class L>
py::class_<Held<L>> bind_lock(py::module_& m, const char* name) {
  return py::class_<Held<L>>(m, name)
      .def(py::init([] { return make<L>(); }))
      .def(
          "acquire",
          [](Held<L>& h, bool blocking, double timeout) {
            const auto at = here();
            Resume resume;
            // A timed acquire may give up at once: modeled as a try (docs/python.md).
            return h->acquire(blocking && timeout < 0, at);
          },
          "blocking"_a = true, "timeout"_a = -1)
      .def("release",
           [](Held<L>& h) {
             const auto at = here();
             Resume resume;
             h->release(at);
           })
      .def("__enter__",
           [](Held<L>& h) {
             const auto at = here();
             Resume resume;
             h->acquire(at);
             return true;
           })
      .def("__exit__", [](Held<L>& h, const py::args&) {
        const auto at = here();
        Resume resume;
        h->release(at);
      });
}

template <class C>
void bind_condition(py::module_& m, const char* name) {
  py::class_<Held<C>>(m, name)
      .def(py::init([](const py::object& lock) { return lock.is_none() ? make<C>() : make<C>(lock_of(lock)); }),
           "lock"_a = py::none())
      .def(
          "acquire",
          [](Held<C>& h, bool blocking, double timeout) {
            const auto at = here();
            Resume resume;
            return h->acquire(blocking && timeout < 0, at);
          },
          "blocking"_a = true, "timeout"_a = -1)
      .def("release",
           [](Held<C>& h) {
             const auto at = here();
             Resume resume;
             h->release(at);
           })
      .def("__enter__",
           [](Held<C>& h) {
             const auto at = here();
             Resume resume;
             h->acquire(at);
             return true;
           })
      .def("__exit__",
           [](Held<C>& h, const py::args&) {
             const auto at = here();
             Resume resume;
             h->release(at);
           })
      .def(
          "wait",
          [](Held<C>& h, const py::object& timeout) {
            const auto at = here();
            const int t = ticks(timeout);
            Resume resume;
            return h->wait_acquired(t, at);
          },
          "timeout"_a = py::none())
      .def(
          "wait_for",
          [](Held<C>& h, const py::object& predicate, const py::object& timeout) {
            // CPython's loop: in abstract time the deadline passes when a wait times out.
            const auto at = here();
            const int t = ticks(timeout);
            bool result = truth(predicate);
            while (!result) {
              bool notified;
              {
                Resume resume;
                notified = h->wait_acquired(t, at);
              }
              result = truth(predicate);
              if (!notified && t >= 0) break;
            }
            return result;
          },
          "predicate"_a, "timeout"_a = py::none())
      .def(
          "notify",
          [](Held<C>& h, int n) {
            const auto at = here();
            Resume resume;
            h->notify(n, at);
          },
          "n"_a = 1)
      .def("notify_all",
           [](Held<C>& h) {
             const auto at = here();
             Resume resume;
             h->notify_all(at);
           })
      .def("notifyAll", [](Held<C>& h) {
        const auto at = here();
        Resume resume;
        h->notify_all(at);
      });
}

[[noreturn]] void raise(PyObject* type) {
  PyErr_SetNone(type);
  throw py::error_already_set();
}

py::object unwrap(std::optional<Item>&& item) {
  if (!item) raise(empty_error);
  return std::move(item->value);
}

// queue.Queue / SimpleQueue (Q = Queue<Item>) and multiprocessing.Queue (ProcessQueue<Item>).
template <class Q>
void bind_queue(py::module_& m, const char* name) {
  struct Bounded {
    Held<Q> queue;
    int maxsize;
  };
  auto get = [](Bounded& b, bool block, const py::object& timeout) -> py::object {
    const auto at = here();
    const int t = block ? ticks(timeout) : 0;
    std::optional<Item> item;
    {
      Resume resume;
      if (t < 0) return b.queue->get(at).value;
      item = b.queue->get(t, at);
    }
    return unwrap(std::move(item));
  };
  auto put = [](Bounded& b, py::object item, bool block, const py::object& timeout) {
    const auto at = here();
    if (b.maxsize > 0 && (!block || !timeout.is_none())) {
      throw py::value_error("lockstep does not model put(block=False) or put(timeout=...) on a bounded queue yet");
    }
    Resume resume;
    b.queue->put(Item{std::move(item)}, at);
  };
  py::class_<Bounded>(m, name)
      .def(py::init([](int maxsize) {
             if constexpr (std::is_same_v<Q, ProcessQueue<Item>>) {
               return Bounded{make<Q>(maxsize, here()), maxsize};  // its feeder's steps show this line
             } else {
               return Bounded{make<Q>(maxsize), maxsize};
             }
           }),
           "maxsize"_a = 0)
      .def("put", put, "item"_a, "block"_a = true, "timeout"_a = py::none())
      .def("put_nowait", [put](Bounded& b, py::object item) { put(b, std::move(item), false, py::none()); })
      .def("get", get, "block"_a = true, "timeout"_a = py::none())
      .def("get_nowait", [get](Bounded& b) { return get(b, false, py::none()); })
      .def("empty",
           [](Bounded& b) {
             const auto at = here();
             Resume resume;
             return b.queue->empty(at);
           })
      .def("qsize",
           [](Bounded& b) {
             const auto at = here();
             Resume resume;
             return b.queue->size(at);
           })
      .def("full",
           [](Bounded& b) {
             const auto at = here();
             Resume resume;
             return b.maxsize > 0 && b.queue->size(at) >= static_cast<std::size_t>(b.maxsize);
           })
      .def_readonly("maxsize", &Bounded::maxsize);
}

}  // namespace

void bind_primitives(py::module_& m) {
  m.def("set_namer", [](py::object f) { namer = new py::object(std::move(f)); });
  bind_lock<Lock>(m, "Lock").def("locked", [](Held<Lock>& h) { return h.get().is_owned(0); });
  bind_lock<RLock>(m, "RLock");
  bind_condition<Condition>(m, "Condition");
  bind_condition<ProcessCondition>(m, "ProcessCondition");
  py::class_<Held<Semaphore>>(m, "Semaphore")
      .def(py::init([](int value) {
             if (value < 0) throw py::value_error("semaphore initial value must be >= 0");
             const auto at = here();
             return make<Semaphore>(value, at);
           }),
           "value"_a = 1)
      .def(
          "acquire",
          [](Held<Semaphore>& h, bool blocking, const py::object& timeout) {
            const auto at = here();
            const int t = blocking ? ticks(timeout) : 0;
            Resume resume;
            if (t < 0) {
              h->acquire(at);
              return true;
            }
            return h->acquire(t, at);
          },
          "blocking"_a = true, "timeout"_a = py::none())
      .def(
          "release",
          [](Held<Semaphore>& h, int n) {
            const auto at = here();
            Resume resume;
            for (int i = 0; i < n; ++i) h->release(1, at);
          },
          "n"_a = 1)
      .def("__enter__",
           [](Held<Semaphore>& h) {
             const auto at = here();
             Resume resume;
             h->acquire(at);
             return true;
           })
      .def("__exit__", [](Held<Semaphore>& h, const py::args&) {
        const auto at = here();
        Resume resume;
        h->release(1, at);
      });
  py::class_<Held<Event>>(m, "Event")
      .def(py::init([] { return make<Event>(); }))
      .def("set",
           [](Held<Event>& h) {
             const auto at = here();
             Resume resume;
             h->set(at);
           })
      .def("clear",
           [](Held<Event>& h) {
             const auto at = here();
             Resume resume;
             h->clear(at);
           })
      .def("is_set",
           [](Held<Event>& h) {
             const auto at = here();
             Resume resume;
             return h->is_set(at);
           })
      .def(
          "wait",
          [](Held<Event>& h, const py::object& timeout) {
            const auto at = here();
            const int t = ticks(timeout);
            Resume resume;
            if (t < 0) {
              h->wait(at);
              return true;
            }
            return h->wait(t, at);
          },
          "timeout"_a = py::none());
  bind_queue<Queue<Item>>(m, "Queue");
  bind_queue<ProcessQueue<Item>>(m, "ProcessQueue");
}

}  // namespace lockstep::python
