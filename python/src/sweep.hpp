#pragma once
// Sweeps from Python: the combinations `osprey sweep` would run (the same
// grid and the same seeded draws), and a block of them run by the engine's
// sweep. A Dask sweep (osprey/dask_sweep.py) sends blocks to workers; each
// run is independent, so blocks give the numbers one whole sweep gives.

#include <pybind11/pybind11.h>

namespace osprey::python {

void bind_sweep(pybind11::module_& module);

}  // namespace osprey::python
