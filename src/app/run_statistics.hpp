#pragma once
// The figures a trader reads beside the summary, from the closed trades and
// the run's span of time (docs/backtesting.md "Statistics"):
// - average trade: mean pnl (quote) and mean return (% of the entry cost);
// - best / worst trade: the highest and lowest return, %;
// - average holding time: mean of exit − entry;
// - trades per day: closed trades over the run's days;
// - CAGR: the return compounded to a year of 365.25 days, %;
// - Calmar: CAGR over the max drawdown (both %).
// A figure that is undefined (no trades; no drawdown for Calmar; a CAGR too
// large for a double, as a short lucky run extrapolates) is empty.

#include <optional>
#include <span>
#include <string>

#include "core/fill.hpp"
#include "core/timestamp.hpp"
#include "engine/performance.hpp"

namespace osprey::app {

struct RunStatistics {
    std::optional<double> average_trade_pnl;
    std::optional<double> average_trade_pct;
    std::optional<double> best_trade_pct;
    std::optional<double> worst_trade_pct;
    std::optional<double> average_holding_hours;
    double trades_per_day = 0;
    std::optional<double> cagr_pct;
    std::optional<double> calmar;
};

// `period`: from the first bar's open to the last bar's close.
RunStatistics run_statistics(std::span<const ClosedTrade> trades,
                             const engine::PerformanceSummary& summary, Duration period);

// "5.2 h", or "3.1 days" from two days up, or "n/a".
std::string holding_time_text(const std::optional<double>& hours);

}  // namespace osprey::app
