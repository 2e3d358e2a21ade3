#pragma once
// A backtest: one strategy over one candle series, through the same Bot the
// daemon runs, against the simulated venue. Deterministic: the same inputs
// give the same trades to the last bit.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/candle.hpp"
#include "core/fill.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "engine/bot.hpp"
#include "engine/performance.hpp"
#include "engine/ports/venue.hpp"
#include "risk/exit_plan.hpp"
#include "sim/simulated_venue.hpp"
#include "strategy/gate.hpp"
#include "strategy/strategy.hpp"

namespace osprey::sim {

// Whether a backtest keeps every bar's equity (for charts). Off by default:
// sweeps run many backtests over millions of bars and need only the summary.
enum class EquityCurve : std::uint8_t { Off, PerBar };

struct BacktestConfig {
    EquityCurve equity_curve = EquityCurve::Off;
    double starting_balance = 1000;
    Costs costs;
    risk::ExitRule exits{2, 5, 0};
    engine::Shorting shorting = engine::Shorting::Disabled;
    risk::Sizing sizing;
    std::optional<strategy::RulesGate> gate;
    double daily_loss_limit_pct = 0;  // 0: none
    // A portfolio's limit on positions open at once (0: one per symbol); a
    // single-symbol backtest holds one at most anyway.
    std::size_t max_open_positions = 0;
};

struct BacktestResult {
    engine::PerformanceSummary summary;
    // Cash + position × close at each bar's close (EquityCurve::PerBar).
    std::vector<double> equity;
    std::vector<ClosedTrade> trades;
    std::vector<engine::OrderRejected> rejections;
    std::vector<engine::BlockedSignal> blocked;
};

// Checks the configuration: a bad value is an InvalidArgument naming it.
Status validate(const BacktestConfig& config);

// The bot settings a backtest's configuration describes.
engine::BotConfig bot_config(const BacktestConfig& config, BotId id);

Result<BacktestResult> run_backtest(std::span<const Candle> candles, Timeframe timeframe,
                                    std::unique_ptr<strategy::Strategy> strategy,
                                    const BacktestConfig& config);

}  // namespace osprey::sim
