#pragma once
// A backtest: one strategy over one candle series, through the same Bot the
// daemon runs, against the simulated venue. Deterministic: the same inputs
// give the same trades to the last bit.

#include <memory>
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
#include "strategy/strategy.hpp"

namespace osprey::sim {

struct BacktestConfig {
    double starting_balance = 1000;
    Costs costs;
    risk::ExitRule exits{2, 5, 0};
    engine::Shorting shorting = engine::Shorting::Disabled;
    engine::Sizing sizing;
};

struct BacktestResult {
    engine::PerformanceSummary summary;
    std::vector<ClosedTrade> trades;
    std::vector<engine::OrderRejected> rejections;
};

// Checks the configuration: a bad value is an InvalidArgument naming it.
Status validate(const BacktestConfig& config);

Result<BacktestResult> run_backtest(std::span<const Candle> candles, Timeframe timeframe,
                                    std::unique_ptr<strategy::Strategy> strategy,
                                    const BacktestConfig& config);

}  // namespace osprey::sim
