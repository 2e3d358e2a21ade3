#pragma once
// Parameter sweeps: one strategy, many parameter combinations, the same
// candles, every core. Each run is an independent backtest and its result is
// stored at its combination's index, so the results are the same, in the
// same order, whatever the number of threads.

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "engine/performance.hpp"
#include "sim/backtest.hpp"
#include "strategy/strategy.hpp"

namespace osprey::sim {

// One value per parameter of the strategy, in the order of its specs.
using Combination = std::vector<double>;

// "fast=5:30:5" (from, to inclusive, step) or "fast=5,8,13".
struct Axis {
    std::string name;
    std::vector<double> values;
};

Result<Axis> parse_axis(std::string_view text, const strategy::StrategyInfo& info);

// Every combination of the axes' values; parameters without an axis keep
// their defaults. Capped, so a typo cannot ask for a billion runs.
Result<std::vector<Combination>> grid(const strategy::StrategyInfo& info,
                                      const std::vector<Axis>& axes, std::size_t limit = 1'000'000);

// `count` combinations drawn uniformly from each parameter's range (or from
// its axis, when one is given), from a seeded generator: the same seed gives
// the same draws.
std::vector<Combination> random_combinations(const strategy::StrategyInfo& info,
                                             const std::vector<Axis>& axes, std::size_t count,
                                             std::uint64_t seed);

struct SweepRun {
    Combination combination;
    // Empty when the strategy refused the combination (its message here).
    std::string refused;
    engine::PerformanceSummary summary;
};

struct SweepSettings {
    BacktestConfig backtest;
    unsigned threads = 1;
};

// Runs every combination; `completed` counts finished runs as they finish
// (for a progress display on another thread).
std::vector<SweepRun> run_sweep(std::span<const Candle> candles, Timeframe timeframe,
                                const strategy::StrategyInfo& info,
                                const std::vector<Combination>& combinations,
                                const SweepSettings& settings, std::atomic<std::size_t>& completed);

}  // namespace osprey::sim
