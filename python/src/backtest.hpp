#pragma once
// osprey.backtest: one run of the engine from Python, its result holding
// what `osprey backtest --json` prints, the trades and the equity curve (as
// read-only numpy views of the engine's vectors) and the report writer.

#include <pybind11/pybind11.h>

namespace osprey::python {

void bind_backtest(pybind11::module_& module);

}  // namespace osprey::python
