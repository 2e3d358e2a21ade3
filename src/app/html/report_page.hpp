#pragma once
// `osprey report`: one self-contained HTML page per backtest, with the
// charting library inlined so it opens offline (docs/backtesting.md
// "Reports"). The page itself is web/report/src/report.html; this fills in
// its data: candles, the strategy's indicators, entry and exit markers,
// equity and drawdown, monthly returns and the statistics table.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "app/report.hpp"
#include "core/candle.hpp"
#include "sim/backtest.hpp"
#include "strategy/parameters.hpp"

namespace osprey::app {

struct ReportInputs {
    const RunDescription& run;
    std::span<const Candle> candles;    // the backtest's bars, at run.timeframe
    const sim::BacktestResult& result;  // with the equity of every bar
    const strategy::Parameters& parameters;
};

std::string report_page(const ReportInputs& inputs);

// DIR/<symbol>-<strategy>.html, the file `osprey backtest --report DIR` writes.
std::filesystem::path report_file_in(const std::filesystem::path& dir, std::string_view symbol,
                                     std::string_view strategy);

}  // namespace osprey::app
