// The Python classes backed by lockstep's primitives (threading.Lock, queue.Queue,
// multiprocessing.Condition...), registered on the engine module.
#pragma once

#include <pybind11/pybind11.h>

namespace lockstep::python {

void bind_primitives(pybind11::module_& m);

}  // namespace lockstep::python
