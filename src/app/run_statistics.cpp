#include "app/run_statistics.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

namespace osprey::app {

namespace {

using Days = std::chrono::duration<double, std::ratio<86'400>>;
using Hours = std::chrono::duration<double, std::ratio<3'600>>;

void add_trade_figures(std::span<const ClosedTrade> trades, RunStatistics& s) {
    if (trades.empty()) {
        return;
    }
    double pnl = 0;
    double pct = 0;
    double best = trades.front().return_pct();
    double worst = best;
    Hours held{0};
    for (const ClosedTrade& t : trades) {
        pnl += t.pnl;
        pct += t.return_pct();
        best = std::max(best, t.return_pct());
        worst = std::min(worst, t.return_pct());
        held += std::chrono::duration_cast<Hours>(t.exit_time - t.entry_time);
    }
    const auto count = static_cast<double>(trades.size());
    s.average_trade_pnl = pnl / count;
    s.average_trade_pct = pct / count;
    s.best_trade_pct = best;
    s.worst_trade_pct = worst;
    s.average_holding_hours = held.count() / count;
}

}  // namespace

RunStatistics run_statistics(std::span<const ClosedTrade> trades,
                             const engine::PerformanceSummary& summary, Duration period) {
    RunStatistics s;
    add_trade_figures(trades, s);
    const double days = std::chrono::duration_cast<Days>(period).count();
    if (!(days > 0) || !(summary.starting_balance > 0)) {
        return s;
    }
    s.trades_per_day = static_cast<double>(summary.trades) / days;
    const double growth = summary.final_balance / summary.starting_balance;
    const double cagr = (std::pow(growth, 365.25 / days) - 1.0) * 100.0;
    if (growth >= 0 && std::isfinite(cagr)) {
        s.cagr_pct = cagr;
        if (summary.max_drawdown_pct > 0) {
            s.calmar = cagr / summary.max_drawdown_pct;
        }
    }
    return s;
}

std::string holding_time_text(const std::optional<double>& hours) {
    if (!hours) {
        return "n/a";
    }
    return *hours < 48 ? fmt::format("{:.1f} h", *hours) : fmt::format("{:.1f} days", *hours / 24);
}

}  // namespace osprey::app
