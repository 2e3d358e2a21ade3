#pragma once
// The backtest settings an argument list describes, read by the command
// line's own options (app::add_run_options) and checked by the command
// line's own function (app::backtest_config): Python and `osprey backtest`
// cannot disagree on a default, a check or how a config file combines with
// the options.

#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/backtest.hpp"

namespace osprey::python {

struct RunSettings {
    std::string data;  // --data (the first one)
    std::string strategy;
    std::string timeframe;  // --timeframe, empty when not given
    sim::BacktestConfig config;
};

// `arguments` as typed after `osprey backtest` ("--sl", "3", ...). Options
// that are not run options (a sweep's --grid, --top, ...) are ignored.
Result<RunSettings> run_settings(const std::vector<std::string>& arguments);

}  // namespace osprey::python
