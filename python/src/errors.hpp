// The Python exceptions the engine module raises, made when it is imported (module.cpp).
#pragma once

#include <Python.h>

namespace lockstep::python {

// lockstep._engine.Abort (a BaseException): unwinds a script thread's Python frames when
// its execution is torn down; the thread's body turns it back into detail::Abort.
extern PyObject* abort_error;
// queue.Empty and queue.Full, as the replaced queue module and multiprocessing.Queue raise them.
extern PyObject* empty_error;
extern PyObject* full_error;
// threading.BrokenBarrierError (a RuntimeError, as in CPython).
extern PyObject* broken_barrier_error;

}  // namespace lockstep::python
