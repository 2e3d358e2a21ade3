#include "engine/performance.hpp"

#include <chrono>
#include <cmath>

namespace osprey::engine {

PerformanceTracker::PerformanceTracker(double starting_balance, Timeframe bar)
    : starting_balance_(starting_balance),
      bars_per_year_(std::chrono::duration<double>(std::chrono::hours(24) * 365.25)
                     / std::chrono::duration<double>(bar.span())),
      last_equity_(starting_balance),
      peak_(starting_balance) {
    OSPREY_ASSERT(starting_balance > 0, "a run starts with a positive balance");
}

void PerformanceTracker::on_trade(const ClosedTrade& trade) {
    ++trades_;
    if (trade.pnl > 0) {
        ++wins_;
        gross_profit_ += trade.pnl;
    } else {
        gross_loss_ -= trade.pnl;
    }
}

PerformanceSummary PerformanceTracker::summary(double final_balance) const {
    PerformanceSummary s;
    s.bars = bars_;
    s.trades = trades_;
    s.wins = wins_;
    s.starting_balance = starting_balance_;
    s.final_balance = final_balance;
    s.return_pct = (final_balance / starting_balance_ - 1.0) * 100.0;
    double drawdown = max_drawdown_;
    if (final_balance < peak_) {
        drawdown = std::max(drawdown, (peak_ - final_balance) / peak_);
    }
    s.max_drawdown_pct = drawdown * 100.0;
    s.win_rate = trades_ > 0 ? static_cast<double>(wins_) / static_cast<double>(trades_) : 0.0;
    s.gross_profit = gross_profit_;
    s.gross_loss = gross_loss_;
    if (gross_loss_ > 0) {
        s.profit_factor = gross_profit_ / gross_loss_;
    }
    const double annualize = std::sqrt(bars_per_year_);
    if (bars_ > 1 && return_squares_ > 0) {
        const double deviation = std::sqrt(return_squares_ / static_cast<double>(bars_ - 1));
        s.sharpe = mean_return_ / deviation * annualize;
    }
    if (bars_ > 0 && downside_squares_ > 0) {
        const double downside = std::sqrt(downside_squares_ / static_cast<double>(bars_));
        s.sortino = mean_return_ / downside * annualize;
    }
    s.exposure_pct =
        bars_ > 0 ? static_cast<double>(exposed_bars_) / static_cast<double>(bars_) * 100.0 : 0.0;
    return s;
}

}  // namespace osprey::engine
