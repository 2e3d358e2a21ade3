// The compiled half of the `osprey` package (python/osprey/__init__.py is
// the other): candles, backtests and sweep blocks over the C++ engine.

#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "backtest.hpp"
#include "candles.hpp"
#include "failure.hpp"
#include "strategy/catalog.hpp"
#include "sweep.hpp"

namespace py = pybind11;

namespace osprey::python {

namespace {

// Name, summary and parameters of every built-in strategy, as
// `osprey strategies` lists them.
py::list strategies() {
    py::list all;
    for (const strategy::StrategyInfo& info : strategy::builtin_strategies()) {
        py::list parameters;
        for (const strategy::ParameterSpec& spec : info.parameters) {
            py::dict parameter;
            parameter["name"] = std::string(spec.name);
            parameter["kind"] = spec.kind == strategy::ParameterKind::Integer ? "integer" : "real";
            parameter["default"] = spec.default_value;
            parameter["min"] = spec.min;
            parameter["max"] = spec.max;
            parameter["description"] = std::string(spec.description);
            parameters.append(parameter);
        }
        py::dict entry;
        entry["name"] = std::string(info.name);
        entry["summary"] = std::string(info.summary);
        entry["parameters"] = parameters;
        all.append(entry);
    }
    return all;
}

// Bad input is a ValueError, a missing file or strategy a LookupError, the
// rest a RuntimeError; the message is the command line's.
void raise_as_python(const EngineFailure& failure) {
    switch (failure.code()) {
        case ErrorCode::InvalidArgument:
        case ErrorCode::ParseError: PyErr_SetString(PyExc_ValueError, failure.what()); return;
        case ErrorCode::NotFound: PyErr_SetString(PyExc_LookupError, failure.what()); return;
        default: PyErr_SetString(PyExc_RuntimeError, failure.what()); return;
    }
}

}  // namespace

}  // namespace osprey::python

PYBIND11_MODULE(_osprey, module) {
    module.doc() = "Osprey's C++ engine (see the osprey package for the documented API).";
    // pybind11 takes the exception_ptr by value.
    // NOLINTNEXTLINE(performance-unnecessary-value-param)
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) {
                std::rethrow_exception(thrown);
            }
        } catch (const osprey::python::EngineFailure& failure) {
            osprey::python::raise_as_python(failure);
        }
    });
    module.def("strategies", &osprey::python::strategies,
               "The built-in strategies with their parameters, as `osprey strategies` lists them.");
    osprey::python::bind_candles(module);
    osprey::python::bind_backtest(module);
    osprey::python::bind_sweep(module);
}
