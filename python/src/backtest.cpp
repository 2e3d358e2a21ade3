#include "backtest.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "app/html/report_page.hpp"
#include "app/report.hpp"
#include "app/stopwatch.hpp"
#include "candles.hpp"
#include "failure.hpp"
#include "settings.hpp"
#include "sim/backtest.hpp"
#include "strategy/catalog.hpp"

namespace osprey::python {

namespace py = pybind11;

namespace {

// A finished backtest and what it ran on (the report needs the candles and
// the parameters).
struct BacktestRun {
    SharedCandles candles;
    strategy::Parameters parameters;
    app::RunDescription run;
    sim::BacktestResult result;
};

// The strategy's parameters with `values` set: numbers as numbers, text as
// `--set KEY=TEXT` reads it.
strategy::Parameters parameters_of(const strategy::StrategyInfo& info, const py::dict& values) {
    strategy::Parameters parameters(info.name, info.parameters);
    for (const auto& [key, value] : values) {
        const std::string name = py::str(key);
        if (py::isinstance<py::str>(value)) {
            throw_if_failed(parameters.set(name, value.cast<std::string>()));
        } else {
            throw_if_failed(parameters.set(name, value.cast<double>()));
        }
    }
    return parameters;
}

// What `osprey backtest` says about the run (its describe()).
app::RunDescription description_of(const strategy::Parameters& parameters,
                                   const CandleSeries& candles, const sim::BacktestConfig& config) {
    app::RunDescription run;
    app::describe(parameters, run);
    run.data = candles.source;
    run.timeframe = candles.timeframe;
    run.first_bar = candles.candles.front().open_time;
    run.last_bar = candles.candles.back().open_time;
    run.config = config;
    return run;
}

BacktestRun backtest(const SharedCandles& candles, const std::string& name, const py::dict& values,
                     const std::vector<std::string>& arguments) {
    const strategy::StrategyInfo& info = *value_or_throw(strategy::find_strategy(name));
    strategy::Parameters parameters = parameters_of(info, values);
    RunSettings settings = value_or_throw(run_settings(arguments));
    settings.config.equity_curve = sim::EquityCurve::PerBar;
    auto made = value_or_throw(info.make(parameters));
    if (Status readable =
            engine::check_timeframes(*made, candles->timeframe, fmt::format("strategy '{}'", name));
        !readable) {
        throw EngineFailure({ErrorCode::InvalidArgument,
                             fmt::format("{}: {}", candles->source, readable.error().message)});
    }
    BacktestRun run{candles, parameters, description_of(parameters, *candles, settings.config), {}};
    Result<sim::BacktestResult> result = [&] {
        const py::gil_scoped_release unlocked;  // Python threads run their own backtests
        const app::Stopwatch stopwatch;
        auto ran = sim::run_backtest(candles->candles, candles->timeframe, std::move(made),
                                     settings.config);
        run.run.elapsed = stopwatch.elapsed();
        return ran;
    }();
    run.result = value_or_throw(std::move(result));
    return run;
}

py::array trade_column(const py::object& self, const py::dtype& type, std::size_t offset) {
    const auto& trades = self.cast<const BacktestRun&>().result.trades;
    const auto* first = reinterpret_cast<const char*>(trades.data()) + offset;
    return strided_view(type, first, trades.size(), sizeof(ClosedTrade), self);
}

// The trades' columns; the numbers are views of the engine's trades.
py::dict trade_columns(const py::object& self) {
    const auto f8 = py::dtype::of<double>();
    const auto time = py::dtype("datetime64[ns]");
    py::dict columns;
    columns["entry_time"] = trade_column(self, time, offsetof(ClosedTrade, entry_time));
    columns["entry_price"] = trade_column(self, f8, offsetof(ClosedTrade, entry_price));
    columns["exit_time"] = trade_column(self, time, offsetof(ClosedTrade, exit_time));
    columns["exit_price"] = trade_column(self, f8, offsetof(ClosedTrade, exit_price));
    columns["quantity"] = trade_column(self, f8, offsetof(ClosedTrade, quantity));
    columns["entry_cost"] = trade_column(self, f8, offsetof(ClosedTrade, entry_cost));
    columns["pnl"] = trade_column(self, f8, offsetof(ClosedTrade, pnl));
    py::list reasons;
    for (const ClosedTrade& trade : self.cast<const BacktestRun&>().result.trades) {
        reasons.append(std::string(to_string(trade.exit_reason)));
    }
    columns["exit_reason"] = reasons;
    return columns;
}

void write_report(const BacktestRun& run, const std::string& path) {
    const std::string page =
        app::report_page({run.run, run.candles->candles, run.result, run.parameters});
    throw_if_failed(app::write_file_atomically(path, page));
}

}  // namespace

void bind_backtest(py::module_& module) {
    py::class_<BacktestRun>(module, "BacktestRun", "A finished backtest (see osprey.backtest).")
        .def_property_readonly(
            "summary_json", [](const BacktestRun& r) { return app::summary_json(r.run, r.result); },
            "The JSON object `osprey backtest --json` prints for the same run.")
        .def_property_readonly(
            "equity",
            [](const py::object& self) {
                const auto& equity = self.cast<const BacktestRun&>().result.equity;
                return strided_view(py::dtype::of<double>(), equity.data(), equity.size(),
                                    sizeof(double), self);
            },
            "Equity at each bar's close (cash + position × close), a view.")
        .def("trade_columns", &trade_columns, "The closed trades, column by column.")
        .def_property_readonly(
            "trades_csv", [](const BacktestRun& r) { return app::trades_csv(r.result.trades); },
            "The trades as `osprey backtest --trades FILE` writes them.")
        .def_property_readonly(
            "candles", [](const BacktestRun& r) { return r.candles; }, "The candles it ran on.")
        .def("write_report", &write_report, py::arg("path"),
             "Writes the HTML report `osprey report --out PATH` writes for the same run.");
    module.def("run_backtest", &backtest, py::arg("candles"), py::arg("strategy"),
               py::arg("parameters"), py::arg("arguments"),
               "One backtest; `arguments` are `osprey backtest` options (see osprey.backtest).");
}

}  // namespace osprey::python
