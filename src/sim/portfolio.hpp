#pragma once
// A portfolio backtest: one strategy over many symbols at once, time-aligned,
// one shared account (cash), one position per symbol, and at most
// `max_open_positions` open together. Each symbol has its own bot and
// simulated venue, so every fill rule of a single backtest holds per symbol.
//
// At each instant, in symbol order: every symbol with a bar then fills its
// pending order and checks its exits; equity is marked; then each strategy
// decides. Symbol order breaks ties for the shared cash deterministically.
// Without --amount, an entry takes the cash divided by the free position
// slots, so one symbol cannot take the whole account.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/fill.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "engine/performance.hpp"
#include "sim/backtest.hpp"
#include "strategy/strategy.hpp"

namespace osprey::sim {

struct SymbolCandles {
    std::string symbol;
    std::vector<Candle> candles;
};

struct PortfolioConfig {
    BacktestConfig backtest;
    std::size_t max_open_positions = 0;  // 0: one per symbol
};

struct SymbolResult {
    std::string symbol;
    std::size_t bars = 0;
    std::vector<ClosedTrade> trades;
    std::size_t wins = 0;
    double pnl = 0;
    std::vector<engine::OrderRejected> rejections;
    std::vector<engine::BlockedSignal> blocked;
    // With EquityCurve::PerBar: the shared account's equity (cash + every
    // open position marked) at the close of each of this symbol's bars, so
    // a symbol's report draws the portfolio's curve under its own candles.
    std::vector<double> equity;
};

struct PortfolioResult {
    engine::PerformanceSummary total;
    std::vector<SymbolResult> symbols;
};

// `make` builds one strategy per symbol (the same parameters for all).
Result<PortfolioResult> run_portfolio(
    const std::vector<SymbolCandles>& symbols, Timeframe timeframe,
    const std::function<Result<std::unique_ptr<strategy::Strategy>>()>& make,
    const PortfolioConfig& config);

}  // namespace osprey::sim
