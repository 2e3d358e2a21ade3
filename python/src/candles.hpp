#pragma once
// Candles on the Python side: the engine's own vector, shown to numpy as
// strided read-only views (no copy), and pickled as raw bytes so a Dask
// scatter ships it cheaply.

#include <memory>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace osprey::python {

struct CandleSeries {
    std::vector<Candle> candles;
    Timeframe timeframe{std::chrono::minutes(1)};
    // The file they were read from, or "<arrays>": named in results and
    // errors, and used by a Dask sweep to let workers read the file themselves.
    std::string source;
    // The --timeframe they were resampled to on loading (empty: as stored).
    std::string resampled_to;
};

using SharedCandles = std::shared_ptr<CandleSeries>;

// A read-only numpy view of `count` values `stride` bytes apart, kept alive by `owner`.
pybind11::array strided_view(const pybind11::dtype& type, const void* first, std::size_t count,
                             std::size_t stride, pybind11::handle owner);

void bind_candles(pybind11::module_& module);

}  // namespace osprey::python
