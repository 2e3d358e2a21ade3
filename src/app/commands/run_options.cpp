#include "app/commands/run_options.hpp"

#include <algorithm>
#include <filesystem>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "data/candle_reader.hpp"
#include "data/resample.hpp"
#include "strategy/catalog.hpp"

namespace osprey::app {

void add_run_options(CLI::App& command, RunOptions& options) {
    command
        .add_option("--data", options.data,
                    "Candle file: Osprey CSV or Binance archive CSV, plain or gzipped")
        ->required();
    command.add_option("--strategy", options.strategy, "Strategy name (see `osprey strategies`)")
        ->required();
    command.add_option("--timeframe", options.timeframe,
                       "Resample to this timeframe first (e.g. 15m, 1h, 4h, 1d)");
    command
        .add_option("--sl", options.config.exits.stop_loss_pct,
                    "Stop loss, % below entry (0 disables)")
        ->default_val(2);
    command
        .add_option("--tp", options.config.exits.take_profit_pct,
                    "Take profit, % above entry (0 disables)")
        ->default_val(5);
    command
        .add_option("--trailing-stop", options.config.exits.trailing_stop_pct,
                    "Trailing stop, % behind the best price since entry (0 disables)")
        ->default_val(0);
    command
        .add_option("--amount", options.config.sizing.amount,
                    "Quote per entry; later entries add the bot's profit (0: all cash)")
        ->default_val(0);
    command.add_flag("--fixed-amount", options.fixed_amount,
                     "Every entry uses --amount exactly: no reinvesting of profit");
    command.add_flag("--short", options.short_selling,
                     "Allow short positions (for venues that do): SELL while flat opens one");
    command.add_option("--fee", options.config.costs.fee_rate, "Fee per side, a fraction")
        ->default_val(0.001);
    command.add_option("--balance", options.config.starting_balance, "Starting balance (quote)")
        ->default_val(1000);
    command.add_option("--step", options.config.costs.step, "Quantity step size")
        ->default_val(0.00000001);
    command
        .add_option("--slippage-bps", options.config.costs.slippage_bps,
                    "Slippage on market fills, basis points")
        ->default_val(0);
}

Result<sim::BacktestConfig> backtest_config(const RunOptions& options) {
    sim::BacktestConfig config = options.config;
    config.shorting =
        options.short_selling ? engine::Shorting::Allowed : engine::Shorting::Disabled;
    config.sizing.compounding =
        options.fixed_amount ? engine::Compounding::FixedAmount : engine::Compounding::Reinvest;
    if (Status valid = sim::validate(config); !valid) {
        return fail(valid.error());
    }
    return config;
}

Result<const strategy::StrategyInfo*> strategy_named(const RunOptions& options) {
    return strategy::find_strategy(options.strategy);
}

Result<std::vector<std::string>> data_files(const RunOptions& options) {
    std::vector<std::string> files;
    for (const std::string& path : options.data) {
        std::error_code ec;
        if (!std::filesystem::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
            const std::string name = entry.path().filename().string();
            if (entry.is_regular_file() && (name.ends_with(".csv") || name.ends_with(".csv.gz"))) {
                found.push_back(entry.path().string());
            }
        }
        if (ec || found.empty()) {
            return fail(ErrorCode::NotFound,
                        fmt::format("{}: no .csv or .csv.gz candle files in this folder", path));
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::string symbol_of(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.substr(0, name.find_first_of("-."));
}

Result<LoadedCandles> load_candles(const RunOptions& options, const std::string& path) {
    std::optional<Timeframe> target;
    if (!options.timeframe.empty()) {
        auto parsed = Timeframe::parse(options.timeframe);
        if (!parsed) {
            return fail(parsed.error());
        }
        target = *parsed;
    }
    auto candles = data::read_candles(path);
    if (!candles) {
        return fail(candles.error());
    }
    auto timeframe = data::infer_timeframe(*candles);
    if (!timeframe) {
        return fail(ErrorCode::ParseError, fmt::format("{}: {}", path, timeframe.error().message));
    }
    LoadedCandles loaded{std::move(*candles), *timeframe};
    if (target && *target != loaded.timeframe) {
        auto resampled = data::resample(loaded.candles, loaded.timeframe, *target);
        if (!resampled) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("{}: {}", path, resampled.error().message));
        }
        loaded.candles = std::move(*resampled);
        loaded.timeframe = *target;
    }
    if (loaded.candles.empty()) {
        return fail(ErrorCode::ParseError,
                    fmt::format("{}: no complete {} bars", path, loaded.timeframe.to_string()));
    }
    return loaded;
}

}  // namespace osprey::app
