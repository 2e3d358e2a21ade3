#include "app/commands/run_options.hpp"

#include <algorithm>
#include <filesystem>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/config.hpp"
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
    command
        .add_option("--sizing", options.sizing,
                    "amount (spend --amount), risk_percent (lose --risk-pct % of equity at the "
                    "stop) or risk_amount (lose --risk-amount at the stop)")
        ->default_val("amount");
    command
        .add_option("--risk-pct", options.config.sizing.risk_pct,
                    "risk_percent sizing: % of equity lost if the stop is hit")
        ->default_val(1);
    command.add_option("--risk-amount", options.config.sizing.risk_amount,
                       "risk_amount sizing: quote lost if the stop is hit");
    command.add_flag("--fee-aware", options.config.sizing.fee_aware,
                     "Size with the entry and exit fee included");
    command
        .add_option("--min-notional", options.config.costs.min_notional,
                    "Smallest order value the venue accepts; smaller entries are not sent")
        ->default_val(0);
    command
        .add_option("--daily-loss-limit", options.config.daily_loss_limit_pct,
                    "Stop new entries for the UTC day once its realized loss reaches this % of "
                    "the day's starting equity (0: none)")
        ->default_val(0);
    command
        .add_option("--max-positions", options.config.max_open_positions,
                    "Portfolio: most positions open at once (0: one per symbol)")
        ->default_val(0);
    command.add_option("--gate", options.gate,
                       "Rules gate: pro (the pro rules) or off; overrides the config file");
    command.add_option("--config", options.config_file,
                       "YAML config file (gate and risk sections; see docs/risk.md)");
    options.command = &command;
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

namespace {

Result<risk::SizingMode> sizing_mode(std::string_view name) {
    if (name == "amount") {
        return risk::SizingMode::Amount;
    }
    if (name == "risk_percent") {
        return risk::SizingMode::RiskPercent;
    }
    if (name == "risk_amount") {
        return risk::SizingMode::RiskAmount;
    }
    return fail(ErrorCode::InvalidArgument,
                fmt::format("invalid --sizing '{}': amount, risk_percent or risk_amount", name));
}

// The config file's value where the command line did not give the option.
template <typename T>
void unless_given(const RunOptions& options, std::string_view flag, const std::optional<T>& from,
                  T& to) {
    const bool given = options.command != nullptr && options.command->count(std::string(flag)) > 0;
    if (from && !given) {
        to = *from;
    }
}

void apply_risk(const RunOptions& options, const RiskSettings& r, sim::BacktestConfig& config) {
    unless_given(options, "--sizing", r.sizing, config.sizing.mode);
    unless_given(options, "--amount", r.amount, config.sizing.amount);
    unless_given(options, "--risk-pct", r.risk_pct, config.sizing.risk_pct);
    unless_given(options, "--risk-amount", r.risk_amount, config.sizing.risk_amount);
    unless_given(options, "--fee-aware", r.fee_aware, config.sizing.fee_aware);
    unless_given(options, "--fixed-amount", r.compounding, config.sizing.compounding);
    unless_given(options, "--min-notional", r.min_notional, config.costs.min_notional);
    unless_given(options, "--daily-loss-limit", r.daily_loss_limit_pct,
                 config.daily_loss_limit_pct);
    unless_given(options, "--max-positions", r.max_open_positions, config.max_open_positions);
    unless_given(options, "--sl", r.stop_loss_pct, config.exits.stop_loss_pct);
    unless_given(options, "--tp", r.take_profit_pct, config.exits.take_profit_pct);
    unless_given(options, "--trailing-stop", r.trailing_stop_pct, config.exits.trailing_stop_pct);
}

}  // namespace

Result<sim::BacktestConfig> backtest_config(const RunOptions& options) {
    sim::BacktestConfig config = options.config;
    config.shorting =
        options.short_selling ? engine::Shorting::Allowed : engine::Shorting::Disabled;
    config.sizing.compounding =
        options.fixed_amount ? risk::Compounding::FixedAmount : risk::Compounding::Reinvest;
    auto mode = sizing_mode(options.sizing);
    if (!mode) {
        return fail(mode.error());
    }
    config.sizing.mode = *mode;
    if (!options.config_file.empty()) {
        auto file = load_config(options.config_file);
        if (!file) {
            return fail(file.error());
        }
        apply_risk(options, file->risk, config);
        if (file->gate) {
            config.gate = *file->gate;
        }
    }
    if (options.gate == "pro") {
        config.gate = strategy::RulesGate::pro();
    } else if (options.gate == "off") {
        config.gate.reset();
    } else if (!options.gate.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid --gate '{}': pro or off (a custom gate goes in the "
                                "config file)",
                                options.gate));
    }
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
