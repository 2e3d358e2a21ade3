#include "sweep.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "candles.hpp"
#include "failure.hpp"
#include "settings.hpp"
#include "sim/sweep.hpp"
#include "strategy/catalog.hpp"

namespace osprey::python {

namespace py = pybind11;

namespace {

using Matrix = py::array_t<double, py::array::c_style | py::array::forcecast>;

// The figures of a run, one column each, in this order (NaN: undefined).
constexpr const char* figure_names[] = {
    "trades",        "wins",   "bars",    "final_balance", "return_pct", "max_drawdown_pct",
    "profit_factor", "sharpe", "sortino", "exposure_pct",  "win_rate"};
constexpr std::size_t figure_count = std::size(figure_names);

const strategy::StrategyInfo& strategy_info(const std::string& name) {
    return *value_or_throw(strategy::find_strategy(name));
}

Matrix combinations(const std::string& name, const std::vector<std::string>& axes_text,
                    std::size_t random, std::uint64_t seed) {
    const strategy::StrategyInfo& info = strategy_info(name);
    std::vector<sim::Axis> axes;
    axes.reserve(axes_text.size());
    for (const std::string& text : axes_text) {
        axes.push_back(value_or_throw(sim::parse_axis(text, info)));
    }
    const std::vector<sim::Combination> all =
        random > 0 ? sim::random_combinations(info, axes, random, seed)
                   : value_or_throw(sim::grid(info, axes));
    const std::size_t width = info.parameters.size();
    Matrix matrix(std::vector<py::ssize_t>{static_cast<py::ssize_t>(all.size()),
                                           static_cast<py::ssize_t>(width)});
    auto cells = matrix.mutable_unchecked<2>();
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (std::size_t j = 0; j < width; ++j) {
            cells(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)) = all[i][j];
        }
    }
    return matrix;
}

void store_figures(const engine::PerformanceSummary& s, double* row) {
    const double none = std::numeric_limits<double>::quiet_NaN();
    const double figures[figure_count] = {static_cast<double>(s.trades),
                                          static_cast<double>(s.wins),
                                          static_cast<double>(s.bars),
                                          s.final_balance,
                                          s.return_pct,
                                          s.max_drawdown_pct,
                                          s.profit_factor.value_or(none),
                                          s.sharpe.value_or(none),
                                          s.sortino.value_or(none),
                                          s.exposure_pct,
                                          s.win_rate};
    std::copy(std::begin(figures), std::end(figures), row);
}

// Runs every row of `block` with `threads` threads; the figures of run i
// are row i of the matrix, and refused[i] is its refusal ("" if it ran).
py::tuple run_combinations(const SharedCandles& candles, const std::string& name,
                           const Matrix& block, const std::vector<std::string>& arguments,
                           unsigned threads) {
    const strategy::StrategyInfo& info = strategy_info(name);
    const RunSettings settings = value_or_throw(run_settings(arguments));
    if (block.ndim() != 2 || static_cast<std::size_t>(block.shape(1)) != info.parameters.size()) {
        throw EngineFailure({ErrorCode::InvalidArgument,
                             fmt::format("combinations need {} columns, one per parameter of {}",
                                         info.parameters.size(), name)});
    }
    const auto rows = static_cast<std::size_t>(block.shape(0));
    std::vector<sim::Combination> combinations(rows);
    const auto cells = block.unchecked<2>();
    for (std::size_t i = 0; i < rows; ++i) {
        combinations[i].reserve(info.parameters.size());
        for (std::size_t j = 0; j < info.parameters.size(); ++j) {
            combinations[i].push_back(
                cells(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)));
        }
    }
    std::vector<sim::SweepRun> runs;
    {
        const py::gil_scoped_release unlocked;
        std::atomic<std::size_t> completed{0};
        runs = sim::run_sweep(candles->candles, candles->timeframe, info, combinations,
                              {settings.config, std::max(1U, threads)}, completed);
    }
    Matrix figures(std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows),
                                            static_cast<py::ssize_t>(figure_count)});
    std::vector<std::string> refused(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        store_figures(runs[i].summary, figures.mutable_data(static_cast<py::ssize_t>(i), 0));
        refused[i] = runs[i].refused;
    }
    return py::make_tuple(figures, refused);
}

// "fast=12 slow=26": the parameters column of `osprey sweep`'s table.
std::string parameter_text(const std::string& name, const std::vector<double>& combination) {
    const strategy::StrategyInfo& info = strategy_info(name);
    std::string text;
    for (std::size_t i = 0; i < combination.size() && i < info.parameters.size(); ++i) {
        text += fmt::format("{}{}={}", text.empty() ? "" : " ", info.parameters[i].name,
                            strategy::format_parameter(info.parameters[i], combination[i]));
    }
    return text;
}

}  // namespace

void bind_sweep(py::module_& module) {
    module.def("combinations", &combinations, py::arg("strategy"), py::arg("axes"),
               py::arg("random") = 0, py::arg("seed") = 1,
               "The combinations `osprey sweep --grid AXIS... [--random N --seed S]` runs,\n"
               "one row each, one column per parameter.");
    module.def("run_combinations", &run_combinations, py::arg("candles"), py::arg("strategy"),
               py::arg("combinations"), py::arg("arguments"), py::arg("threads") = 1,
               "Backtests every row of `combinations`: (figures matrix, refusals).");
    module.def(
        "check_settings",
        [](const std::vector<std::string>& arguments) { value_or_throw(run_settings(arguments)); },
        py::arg("arguments"), "Raises ValueError with the command line's message if bad.");
    module.attr("figure_names") =
        py::cast(std::vector<std::string>(std::begin(figure_names), std::end(figure_names)));
    module.def(
        "number_text", [](double value) { return fmt::format("{}", value); }, py::arg("value"),
        "A number as the command line's CSV prints it (shortest exact form).");
    module.def("parameter_text", &parameter_text, py::arg("strategy"), py::arg("combination"),
               "The parameters as `osprey sweep` shows them: 'fast=12 slow=26'.");
}

}  // namespace osprey::python
