#pragma once
// The report's equity and drawdown curves, and its monthly returns, from the
// equity a backtest recorded at every bar's close.

#include <span>
#include <vector>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace osprey::app {

struct EquityPoint {
    Timestamp time;           // a display bar's open time
    double equity = 0;        // at the last bar in it
    double drawdown_pct = 0;  // the deepest in it, ≤ 0: below the running peak
};

struct EquityCurve {
    std::span<const Candle> bars;    // the backtest's bars
    std::span<const double> equity;  // one per bar
    double starting_balance = 0;     // the first peak
    double final_balance = 0;        // after the position still open at the end was closed
};

// One point per display bar (`display` apart, aligned to the UTC epoch).
std::vector<EquityPoint> equity_points(const EquityCurve& curve, Timeframe display);

struct MonthlyReturn {
    int year = 0;
    unsigned month = 0;  // 1–12
    double pct = 0;
};

// Per calendar month (UTC) with bars: the month's last equity over the
// previous month's (the starting balance before the first), in %. The last
// month ends at the final balance, so the months compound to the return.
std::vector<MonthlyReturn> monthly_returns(const EquityCurve& curve);

}  // namespace osprey::app
