#pragma once
// What `osprey backtest` and `osprey sweep` share: the data to load and the
// backtest settings, as options on the command line.

#include <optional>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "sim/backtest.hpp"
#include "strategy/strategy.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace osprey::app {

struct RunOptions {
    // One file, or (backtest only) several files or folders: a portfolio.
    std::vector<std::string> data;
    std::string strategy;
    std::string timeframe;
    bool short_selling = false;
    bool fixed_amount = false;
    std::string sizing = "amount";  // amount | risk_percent | risk_amount
    std::string gate;               // pro | off; empty: as the config file says
    std::string config_file;
    sim::BacktestConfig config;
    // The command these options belong to: an option given on the command
    // line wins over the config file.
    const CLI::App* command = nullptr;
};

void add_run_options(CLI::App& command, RunOptions& options);

struct LoadedCandles {
    std::vector<Candle> candles;
    Timeframe timeframe{std::chrono::minutes(1)};
};

// The candles of one --data file, resampled to --timeframe when given.
// Error codes: ParseError/NotFound for the file, InvalidArgument for usage.
Result<LoadedCandles> load_candles(const RunOptions& options, const std::string& path);

// Every file the --data options name: files as given, folders as their
// *.csv and *.csv.gz files in name order.
Result<std::vector<std::string>> data_files(const RunOptions& options);

// "BTCUSDT" from ".../BTCUSDT-1m.csv.gz": the file name up to its first '-' or '.'.
std::string symbol_of(const std::string& path);

// The backtest settings the options and their config file describe, checked.
Result<sim::BacktestConfig> backtest_config(const RunOptions& options);

// The named strategy, or a NotFound error listing the known ones.
Result<const strategy::StrategyInfo*> strategy_named(const RunOptions& options);

}  // namespace osprey::app
