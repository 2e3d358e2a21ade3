#pragma once
// Performance statistics of one run, accumulated bar by bar with no
// allocation: balance, return, drawdown, win rate, profit factor, Sharpe,
// Sortino and exposure.
//
// Definitions (docs/backtesting.md):
// - equity at a bar = cash + position × close (no exit fee);
// - max drawdown = the largest fall from a running equity peak, in % of the
//   peak, over the bar equities and the final balance;
// - Sharpe = mean / sample standard deviation of per-bar returns, Sortino =
//   mean / downside deviation (root mean square of the negative returns),
//   both × sqrt(bars per year of 365.25 days);
// - exposure = % of bars that closed with a position open.
// A figure that is undefined (no losing trade for the profit factor, no
// variance for Sharpe) is empty rather than infinite.

#include <cstddef>
#include <optional>

#include "core/fill.hpp"
#include "core/timeframe.hpp"

namespace osprey::engine {

struct PerformanceSummary {
    std::size_t bars = 0;
    std::size_t trades = 0;
    std::size_t wins = 0;
    double starting_balance = 0;
    double final_balance = 0;
    double return_pct = 0;
    double max_drawdown_pct = 0;
    double win_rate = 0;  // fraction of trades with pnl > 0
    double gross_profit = 0;
    double gross_loss = 0;  // positive
    std::optional<double> profit_factor;
    std::optional<double> sharpe;
    std::optional<double> sortino;
    double exposure_pct = 0;
};

class PerformanceTracker {
public:
    PerformanceTracker(double starting_balance, Timeframe bar);

    void on_bar(double equity, bool in_position) {
        ++bars_;
        exposed_bars_ += in_position ? 1 : 0;
        const double change = equity / last_equity_ - 1.0;
        last_equity_ = equity;
        // Welford's running mean and variance: stable for tiny returns.
        const double delta = change - mean_return_;
        mean_return_ += delta / static_cast<double>(bars_);
        return_squares_ += delta * (change - mean_return_);
        if (change < 0) {
            downside_squares_ += change * change;
        }
        track_drawdown(equity);
    }

    void on_trade(const ClosedTrade& trade);

    PerformanceSummary summary(double final_balance) const;

private:
    void track_drawdown(double equity) {
        if (equity > peak_) {
            peak_ = equity;
        } else if ((peak_ - equity) / peak_ > max_drawdown_) {
            max_drawdown_ = (peak_ - equity) / peak_;
        }
    }

    double starting_balance_;
    double bars_per_year_;
    std::size_t bars_ = 0;
    std::size_t exposed_bars_ = 0;
    double last_equity_;
    double mean_return_ = 0;
    double return_squares_ = 0;
    double downside_squares_ = 0;
    double peak_;
    double max_drawdown_ = 0;
    std::size_t trades_ = 0;
    std::size_t wins_ = 0;
    double gross_profit_ = 0;
    double gross_loss_ = 0;
};

}  // namespace osprey::engine
