// Each class holds a primitive of one execution (Session's arena) and forwards to it with
// the script's own line as the location. Timeouts: None waits forever, <= 0 never blocks,
// > 0 may time out at any point (abstract time); the trace shows them rounded up. Argument
// checks and exceptions are CPython's (threading.py, queue.py); the engine raises the
// ones that depend on state (queue.Full, BrokenBarrierError, ValueError), and the module's
// translator turns them into the Python exceptions (module.cpp).
#include "primitives.hpp"

#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <type_traits>

#include "errors.hpp"
#include "lockstep/barrier.hpp"
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

// queue.PriorityQueue orders its items with Python's `<` (heapq), which may run the
// script's own __lt__: on the calling thread's interpreter state, which a step may have
// replaced. A comparison that raises (TypeError) propagates out of put() or get().
inline bool operator<(const Item& a, const Item& b) {
  Resume::enter();
  const int less = PyObject_RichCompareBool(a.value.ptr(), b.value.ptr(), Py_LT);
  if (less < 0) throw py::error_already_set();
  return less != 0;
}

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
int whole_ticks(double t) { return t >= 1e9 ? 1000000000 : std::max(1, static_cast<int>(std::ceil(t))); }
}  // namespace

int timeout_ticks(const py::object& timeout) {
  if (timeout.is_none()) return -1;
  const double t = timeout.cast<double>();
  return t > 0 ? whole_ticks(t) : 0;
}

namespace {

using namespace pybind11::literals;

// A timeout whose negative values do not mean "never block" (a lock's -1 is forever, other
// negative values raise ValueError there and in a queue): -1 stays -1, other negative ones -2.
int signed_ticks(const py::object& timeout) {
  const double t = timeout.cast<double>();
  if (t == -1) return -1;
  if (t < 0) return -2;
  return t == 0 ? 0 : whole_ticks(t);
}

[[noreturn]] void raise_value_error(const char* message) { throw py::value_error(message); }

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

// The script's line that called the primitive; for the steps lockstep's own Python code
// takes on a thread's behalf (a Timer's wait), the line that started the thread.
std::source_location here() {
  Session& session = Session::current();
  const std::source_location at = session.locations().caller();
  return at.line() != 0 ? at : session.started_at(detail::self());
}

// A primitive's call from the script: the script's line it came from, then the engine's
// step under Resume (so the step records this Python thread as the one that runs on).
template <class F>
auto at_here(F&& call) {
  const auto at = here();
  Resume resume;
  return call(at);
}

// What `predicate()` returns (Condition.wait_for returns it), and its truth (a list is true
// when not empty). Called directly, without the argument tuple a pybind11 call would build.
py::object call_predicate(const py::object& predicate, bool& truth) {
  PyObject* value = PyObject_CallNoArgs(predicate.ptr());
  if (value == nullptr) throw py::error_already_set();
  const int result = PyObject_IsTrue(value);
  if (result < 0) {
    Py_DECREF(value);
    throw py::error_already_set();
  }
  truth = result != 0;
  return py::reinterpret_steal<py::object>(value);
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

// release() of a lock or a condition, or of a semaphore (whose first argument is n).
template <class T>
void release_one(T& object, std::source_location at) {
  if constexpr (std::is_base_of_v<Semaphore, T>) {
    object.release(1, at);
  } else {
    object.release(at);
  }
}

// `with x:` for a lock, a condition or a semaphore: acquire() and release().
template <class H>
void bind_with(py::class_<H>& c) {
  c.def("__enter__",
        [](H& h) {
          const auto at = here();
          Resume resume;
          h->acquire(at);
          return true;
        })
      .def("__exit__", [](H& h, const py::args&) {
        const auto at = here();
        Resume resume;
        release_one(h.get(), at);
      });
}

// Lock.acquire(blocking=True, timeout=-1), and a Condition's, which is its lock's: -1 blocks,
// 0 tries, > 0 may time out at any point while the lock is held; a timeout with
// blocking=False and other negative timeouts raise ValueError.
template <class H>
bool acquire_lock(H& h, bool blocking, const py::object& timeout) {
  const auto at = here();
  const int t = signed_ticks(timeout);
  if (!blocking && t != -1) raise_value_error("can't specify a timeout for a non-blocking call");
#if PY_VERSION_HEX >= 0x030D0000
  if (t < -1) raise_value_error("timeout value must be a non-negative number");
#else
  if (t < -1) raise_value_error("timeout value must be positive");
#endif
  Resume resume;
  return blocking ? h->acquire(t, at) : h->acquire(false, at);
}

template <class L>
void bind_lock(py::module_& m, const char* name) {
  py::class_<Held<L>> c(m, name);
  c.def(py::init([] { return make<L>(); }))
      .def("acquire", &acquire_lock<Held<L>>, "blocking"_a = true, "timeout"_a = -1)
      .def("release",
           [](Held<L>& h) {
             const auto at = here();
             Resume resume;
             h->release(at);
           })
      .def("locked", [](Held<L>& h) {
        const auto at = here();
        Resume resume;
        return h->locked(at);
      });
  bind_with(c);
}

template <class C>
void bind_condition(py::module_& m, const char* name) {
  py::class_<Held<C>> c(m, name);
  c.def(py::init([](const py::object& lock) { return lock.is_none() ? make<C>() : make<C>(lock_of(lock)); }),
        "lock"_a = py::none())
      .def("acquire", &acquire_lock<Held<C>>, "blocking"_a = true, "timeout"_a = -1)
      .def("release",
           [](Held<C>& h) {
             const auto at = here();
             Resume resume;
             h->release(at);
           })
      .def(
          "wait",
          [](Held<C>& h, const py::object& timeout) {
            const auto at = here();
            const int t = timeout_ticks(timeout);
            Resume resume;
            return h->wait_acquired(t, at);
          },
          "timeout"_a = py::none())
      .def(
          "wait_for",
          [](Held<C>& h, const py::object& predicate, const py::object& timeout) {
            // CPython's loop: in abstract time the deadline passes when a wait times out.
            // Returns the predicate's last value, as CPython does.
            const auto at = here();
            const int t = timeout_ticks(timeout);
            bool truth = false;
            py::object result = call_predicate(predicate, truth);
            while (!truth) {
              bool notified;
              {
                Resume resume;
                notified = h->wait_acquired(t, at);
              }
              result = call_predicate(predicate, truth);
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
  bind_with(c);
}

// threading.Semaphore and BoundedSemaphore: acquire(blocking=True, timeout=None), release(n=1).
template <class S>
void bind_semaphore(py::module_& m, const char* name) {
  py::class_<Held<S>> c(m, name);
  c.def(py::init([](int value) {
          if (value < 0) raise_value_error("semaphore initial value must be >= 0");
          const auto at = here();
          return make<S>(value, at);
        }),
        "value"_a = 1)
      .def(
          "acquire",
          [](Held<S>& h, bool blocking, const py::object& timeout) {
            if (!blocking && !timeout.is_none()) raise_value_error("can't specify timeout for non-blocking acquire");
            const auto at = here();
            const int t = blocking ? timeout_ticks(timeout) : 0;
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
          [](Held<S>& h, int n) {
            const auto at = here();
            Resume resume;
            h->release(n, at);  // n < 1, or a BoundedSemaphore past its value: ValueError
          },
          "n"_a = 1);
  bind_with(c);
}

// threading.Barrier(parties, action=None, timeout=None). The action runs on the last party
// to arrive, inside its wait() and after its step: on that thread's interpreter state.
struct PyBarrier {
  Held<Barrier> barrier;
};

std::function<void()> barrier_action(const py::object& action) {
  if (action.is_none()) return {};
  return [action] {
    Resume::enter();
    PyObject* result = PyObject_CallNoArgs(action.ptr());
    if (result == nullptr) throw py::error_already_set();  // breaks the barrier, and propagates
    Py_DECREF(result);
  };
}

void bind_barrier(py::module_& m) {
  py::class_<PyBarrier>(m, "Barrier")
      .def(py::init([](int parties, const py::object& action, const py::object& timeout) {
             // The engine's Barrier needs a party (CPython 3.11 accepts 0, and every wait() hangs).
             if (parties < 1) raise_value_error("parties must be > 0");
             const auto at = here();
             return PyBarrier{make<Barrier>(parties, barrier_action(action), timeout_ticks(timeout), at)};
           }),
           "parties"_a, "action"_a = py::none(), "timeout"_a = py::none())
      .def(
          "wait",
          [](PyBarrier& b, const py::object& timeout) {
            const auto at = here();
            Barrier& barrier = b.barrier.get();
            if (timeout.is_none()) {
              Resume resume;
              return barrier.wait(at);
            }
            const int t = timeout_ticks(timeout);
            Resume resume;
            return barrier.wait(t, at);
          },
          "timeout"_a = py::none())
      .def("reset",
           [](PyBarrier& b) {
             const auto at = here();
             Resume resume;
             b.barrier->reset(at);
           })
      .def("abort",
           [](PyBarrier& b) {
             const auto at = here();
             Resume resume;
             b.barrier->abort(at);
           })
      .def_property_readonly("parties", [](PyBarrier& b) { return b.barrier->parties(); })
      .def_property_readonly("n_waiting",
                             [](PyBarrier& b) {
                               const auto at = here();
                               Resume resume;
                               return b.barrier->n_waiting(at);
                             })
      .def_property_readonly("broken", [](PyBarrier& b) {
        const auto at = here();
        Resume resume;
        return b.barrier->broken(at);
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

// get(block=True, timeout=None), shared by both kinds of queue: a negative timeout raises
// ValueError, as queue.Queue.get does.
template <class Q>
py::object get_item(Q& q, bool block, const py::object& timeout) {
  const auto at = here();
  int t = 0;
  if (block) {
    t = timeout.is_none() ? -1 : signed_ticks(timeout);
    if (t < -1 || (t == -1 && !timeout.is_none())) raise_value_error("'timeout' must be a non-negative number");
  }
  std::optional<Item> item;
  {
    Resume resume;
    if (t < 0) return q.get(at).value;
    item = q.get(t, at);
  }
  return unwrap(std::move(item));
}

// queue.Queue, LifoQueue and PriorityQueue (and SimpleQueue, an unbounded Queue).
template <class Q>
void bind_queue(py::module_& m, const char* name) {
  struct Bounded {
    Held<Q> queue;
    int maxsize;
  };
  auto put = [](Bounded& b, py::object item, bool block, const py::object& timeout) {
    const auto at = here();
    Q& q = b.queue.get();
    if (!block) {
      Resume resume;
      return q.put_nowait(Item{std::move(item)}, at);  // queue.Full when full
    }
    if (timeout.is_none()) {
      Resume resume;
      return q.put(Item{std::move(item)}, at);
    }
    // Negative: ValueError on a bounded queue (an unbounded one never looks at it).
    const int t = signed_ticks(timeout);
    Resume resume;
    q.put(Item{std::move(item)}, t < 0 ? -1 : t, at);  // queue.Full when it timed out
  };
  auto get = [](Bounded& b, bool block, const py::object& timeout) {
    return get_item(b.queue.get(), block, timeout);
  };
  py::class_<Bounded>(m, name)
      .def(py::init([](int maxsize) { return Bounded{make<Q>(maxsize), maxsize}; }), "maxsize"_a = 0)
      .def("put", put, "item"_a, "block"_a = true, "timeout"_a = py::none())
      .def("put_nowait", [put](Bounded& b, py::object item) { put(b, std::move(item), false, py::none()); })
      .def("get", get, "block"_a = true, "timeout"_a = py::none())
      .def("get_nowait", [get](Bounded& b) { return get(b, false, py::none()); })
      .def("empty",
           [](Bounded& b) { return at_here([&](auto at) { return b.queue->empty(at); }); })
      .def("qsize",
           [](Bounded& b) { return at_here([&](auto at) { return b.queue->qsize(at); }); })
      .def("full",
           [](Bounded& b) { return at_here([&](auto at) { return b.queue->full(at); }); })
      .def("task_done",  // ValueError when called more often than items were put
           [](Bounded& b) { at_here([&](auto at) { b.queue->task_done(at); }); })
      .def("join", [](Bounded& b) { at_here([&](auto at) { b.queue->join(at); }); })
      .def_readonly("maxsize", &Bounded::maxsize);
}

// multiprocessing.Queue: a feeder delivers each put item later (lockstep's ProcessQueue).
void bind_process_queue(py::module_& m) {
  using Q = ProcessQueue<Item>;
  struct Bounded {
    Held<Q> queue;
    int maxsize;
  };
  auto put = [](Bounded& b, py::object item, bool block, const py::object& timeout) {
    const auto at = here();
    if (b.maxsize > 0 && (!block || !timeout.is_none())) {
      raise_value_error("lockstep does not model put(block=False) or put(timeout=...) on a bounded "
                        "multiprocessing.Queue");
    }
    Resume resume;
    b.queue->put(Item{std::move(item)}, at);
  };
  auto get = [](Bounded& b, bool block, const py::object& timeout) {
    return get_item(b.queue.get(), block, timeout);
  };
  py::class_<Bounded>(m, "ProcessQueue")
      .def(py::init([](int maxsize) { return Bounded{make<Q>(maxsize, here()), maxsize}; }),  // feeder steps show it
           "maxsize"_a = 0)
      .def("put", put, "item"_a, "block"_a = true, "timeout"_a = py::none())
      .def("put_nowait", [put](Bounded& b, py::object item) { put(b, std::move(item), false, py::none()); })
      .def("get", get, "block"_a = true, "timeout"_a = py::none())
      .def("get_nowait", [get](Bounded& b) { return get(b, false, py::none()); })
      .def("empty",
           [](Bounded& b) { return at_here([&](auto at) { return b.queue->empty(at); }); })
      .def("qsize",
           [](Bounded& b) { return at_here([&](auto at) { return b.queue->size(at); }); })
      .def("full",
           [](Bounded& b) {
             return at_here([&](auto at) {
               return b.maxsize > 0 && b.queue->size(at) >= static_cast<std::size_t>(b.maxsize);
             });
           })
      .def_readonly("maxsize", &Bounded::maxsize);
}

}  // namespace

void bind_primitives(py::module_& m) {
  m.def("set_namer", [](py::object f) { namer = new py::object(std::move(f)); });
  bind_lock<Lock>(m, "Lock");
  bind_lock<RLock>(m, "RLock");
  bind_condition<Condition>(m, "Condition");
  bind_condition<ProcessCondition>(m, "ProcessCondition");
  bind_semaphore<Semaphore>(m, "Semaphore");
  bind_semaphore<BoundedSemaphore>(m, "BoundedSemaphore");
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
            const int t = timeout_ticks(timeout);
            Resume resume;
            if (t < 0) return h->wait(at);  // True, as CPython's
            return h->wait(t, at);
          },
          "timeout"_a = py::none())
      // The trace's name for it, when the variable it is stored in is not (a Timer's `finished`).
      .def("_lockstep_name", [](Held<Event>& h, const std::string& name) { h->name(name); });
  bind_barrier(m);
  bind_queue<Queue<Item>>(m, "Queue");
  bind_queue<LifoQueue<Item>>(m, "LifoQueue");
  bind_queue<PriorityQueue<Item>>(m, "PriorityQueue");
  bind_process_queue(m);
}

}  // namespace lockstep::python
