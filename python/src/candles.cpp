#include "candles.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "app/commands/run_options.hpp"
#include "data/resample.hpp"
#include "failure.hpp"

namespace osprey::python {

namespace py = pybind11;

namespace {

using Column = py::array_t<double, py::array::c_style | py::array::forcecast>;
using TimeColumn = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// The checks the candle reader makes of each row of a file, so candles from
// arrays are held to the same rules. Row numbers count from 0, as in pandas.
Status check_rows(const std::vector<Candle>& candles) {
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const Candle& c = candles[i];
        const auto bad = [i](std::string_view what) {
            return fail(ErrorCode::InvalidArgument, fmt::format("candle row {}: {}", i, what));
        };
        if (i > 0 && !(c.open_time > candles[i - 1].open_time)) {
            return bad("time is not after the previous row's");
        }
        for (const double price : {c.open, c.high, c.low, c.close}) {
            if (!std::isfinite(price) || price <= 0) {
                return bad("prices must be positive and finite");
            }
        }
        if (c.high < std::max(c.open, c.close) || c.low > std::min(c.open, c.close)) {
            return bad("high and low must bound open and close");
        }
        if (!std::isfinite(c.volume) || c.volume < 0) {
            return bad("volume must be finite and not negative");
        }
    }
    return {};
}

// The timeframe of the bars, resampled to `timeframe` first when one is given.
void settle_timeframe(CandleSeries& series, const std::string& timeframe) {
    series.timeframe = value_or_throw(data::infer_timeframe(series.candles));
    if (timeframe.empty()) {
        return;
    }
    const Timeframe target = value_or_throw(Timeframe::parse(timeframe));
    if (target != series.timeframe) {
        series.candles = value_or_throw(data::resample(series.candles, series.timeframe, target));
        series.timeframe = target;
    }
    series.resampled_to = timeframe;
}

SharedCandles from_arrays(const TimeColumn& open_time, const Column& open, const Column& high,
                          const Column& low, const Column& close, const Column& volume,
                          const std::string& timeframe, std::string source) {
    const auto count = static_cast<std::size_t>(open_time.size());
    for (const Column* column : {&open, &high, &low, &close, &volume}) {
        if (static_cast<std::size_t>(column->size()) != count) {
            throw EngineFailure({ErrorCode::InvalidArgument,
                                 "every candle column must have as many rows as open_time"});
        }
    }
    auto series = std::make_shared<CandleSeries>();
    series->source = std::move(source);
    series->candles.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto k = static_cast<py::ssize_t>(i);
        series->candles.push_back({Timestamp::from_nanos(open_time.at(k)), open.at(k), high.at(k),
                                   low.at(k), close.at(k), volume.at(k)});
    }
    throw_if_failed(check_rows(series->candles));
    if (series->candles.empty()) {
        throw EngineFailure({ErrorCode::InvalidArgument, "no candles"});
    }
    settle_timeframe(*series, timeframe);
    return series;
}

SharedCandles load(const std::string& path, const std::string& timeframe) {
    app::RunOptions options;
    options.timeframe = timeframe;
    auto loaded = [&] {
        const py::gil_scoped_release unlocked;
        return app::load_candles(options, path);
    }();
    auto series = std::make_shared<CandleSeries>();
    app::LoadedCandles value = value_or_throw(std::move(loaded));
    series->candles = std::move(value.candles);
    series->timeframe = value.timeframe;
    series->source = path;
    series->resampled_to = timeframe;
    return series;
}

py::array column(const SharedCandles& series, const py::handle& owner, std::size_t offset) {
    const auto* first = reinterpret_cast<const char*>(series->candles.data()) + offset;
    return strided_view(py::dtype::of<double>(), first, series->candles.size(), sizeof(Candle),
                        owner);
}

py::tuple state_of(const SharedCandles& series) {
    const auto* bytes = reinterpret_cast<const char*>(series->candles.data());
    return py::make_tuple(py::bytes(bytes, series->candles.size() * sizeof(Candle)),
                          series->timeframe.to_string(), series->source, series->resampled_to);
}

SharedCandles from_state(const py::tuple& state) {
    auto series = std::make_shared<CandleSeries>();
    const auto bytes = state[0].cast<std::string>();
    series->candles.resize(bytes.size() / sizeof(Candle));
    std::memcpy(series->candles.data(), bytes.data(), series->candles.size() * sizeof(Candle));
    series->timeframe = value_or_throw(Timeframe::parse(state[1].cast<std::string>()));
    series->source = state[2].cast<std::string>();
    series->resampled_to = state[3].cast<std::string>();
    return series;
}

}  // namespace

py::array strided_view(const py::dtype& type, const void* first, std::size_t count,
                       std::size_t stride, py::handle owner) {
    py::array view(type, std::vector<py::ssize_t>{static_cast<py::ssize_t>(count)},
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(stride)},
                   count > 0 ? first : nullptr, count > 0 ? owner : py::handle());
    view.attr("setflags")(py::arg("write") = false);
    return view;
}

void bind_candles(py::module_& module) {
    py::class_<CandleSeries, std::shared_ptr<CandleSeries>>(
        module, "Candles",
        "Candles held by the engine. The columns are read-only numpy views of its memory.")
        .def_static("from_arrays", &from_arrays, py::arg("open_time"), py::arg("open"),
                    py::arg("high"), py::arg("low"), py::arg("close"), py::arg("volume"),
                    py::arg("timeframe") = "", py::arg("source") = "<arrays>",
                    "Candles from columns; open_time in nanoseconds since the epoch (UTC).\n"
                    "The rows are checked as a candle file's are; `timeframe` resamples.")
        .def("__len__", [](const CandleSeries& s) { return s.candles.size(); })
        .def_property_readonly(
            "timeframe", [](const CandleSeries& s) { return s.timeframe.to_string(); },
            "The bars' timeframe, e.g. '1h'.")
        .def_readonly("source", &CandleSeries::source, "The file read, or '<arrays>'.")
        .def_readonly("resampled_to", &CandleSeries::resampled_to,
                      "The timeframe asked for on loading ('' if none).")
        .def_property_readonly(
            "open_time",
            [](const py::object& self) {
                const auto series = self.cast<SharedCandles>();
                return strided_view(py::dtype("datetime64[ns]"), series->candles.data(),
                                    series->candles.size(), sizeof(Candle), self);
            },
            "Open times (datetime64[ns], UTC), a view.")
        .def_property_readonly(
            "open",
            [](const py::object& self) {
                return column(self.cast<SharedCandles>(), self, offsetof(Candle, open));
            },
            "Opens, a view.")
        .def_property_readonly(
            "high",
            [](const py::object& self) {
                return column(self.cast<SharedCandles>(), self, offsetof(Candle, high));
            },
            "Highs, a view.")
        .def_property_readonly(
            "low",
            [](const py::object& self) {
                return column(self.cast<SharedCandles>(), self, offsetof(Candle, low));
            },
            "Lows, a view.")
        .def_property_readonly(
            "close",
            [](const py::object& self) {
                return column(self.cast<SharedCandles>(), self, offsetof(Candle, close));
            },
            "Closes, a view.")
        .def_property_readonly(
            "volume",
            [](const py::object& self) {
                return column(self.cast<SharedCandles>(), self, offsetof(Candle, volume));
            },
            "Base-asset volumes, a view.")
        .def(
            "slice",
            [](const CandleSeries& s, std::size_t start, std::size_t stop) {
                stop = std::min(stop, s.candles.size());
                start = std::min(start, stop);
                auto part = std::make_shared<CandleSeries>(s);
                // No longer the file's candles: a Dask sweep must not read the file for them.
                part->source = fmt::format("{}[{}:{}]", s.source, start, stop);
                part->candles.assign(s.candles.begin() + static_cast<std::ptrdiff_t>(start),
                                     s.candles.begin() + static_cast<std::ptrdiff_t>(stop));
                return part;
            },
            py::arg("start"), py::arg("stop"), "A copy of rows [start, stop).")
        .def(py::pickle([](const SharedCandles& s) { return state_of(s); }, &from_state));
    module.def("load_candles", &load, py::arg("path"), py::arg("timeframe") = "",
               "Reads a candle file (Osprey CSV or Binance archive, plain or gzipped) as\n"
               "`osprey backtest --data PATH [--timeframe TF]` does.");
}

}  // namespace osprey::python
