// The Python classes backed by lockstep's primitives (threading.Lock, queue.Queue,
// multiprocessing.Condition...), registered on the engine module.
#pragma once

#include <pybind11/pybind11.h>

namespace lockstep::python {

void bind_primitives(pybind11::module_& m);

// A Python timeout in seconds as lockstep's ticks: None waits forever (-1); <= 0 never
// blocks (0); otherwise whole ticks, rounded up, at least 1.
int timeout_ticks(const pybind11::object& timeout);

}  // namespace lockstep::python
