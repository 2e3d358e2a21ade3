// osprey backtest --data PATH --strategy NAME [--set KEY=VALUE]... [options]

#include "sim/backtest.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/commands/run_options.hpp"
#include "app/html/report_page.hpp"
#include "app/report.hpp"
#include "app/stopwatch.hpp"
#include "core/json_text.hpp"
#include "engine/bot.hpp"
#include "sim/portfolio.hpp"

namespace osprey::app {

namespace {

struct BacktestOptions {
    RunOptions run;
    std::vector<std::string> sets;
    std::string trades;
    bool json = false;
    std::string report_dir;   // --report DIR: DIR/<symbol>-<strategy>.html
    std::string report_file;  // osprey report --out FILE
};

bool wants_report(const BacktestOptions& options) {
    return !options.report_dir.empty() || !options.report_file.empty();
}

Status write_report(const BacktestOptions& options, std::string_view symbol,
                    const ReportInputs& inputs) {
    std::filesystem::path path = options.report_file;
    if (path.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(options.report_dir, ec);
        if (ec) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("cannot create '{}': {}", options.report_dir, ec.message()));
        }
        path = report_file_in(options.report_dir, symbol, inputs.parameters.strategy());
    }
    return write_file_atomically(path, report_page(inputs));
}

// The strategy's parameters with every --set applied.
Result<strategy::Parameters> parameters_of(const strategy::StrategyInfo& info,
                                           const std::vector<std::string>& sets) {
    strategy::Parameters parameters(info.name, info.parameters);
    for (const std::string& set : sets) {
        const std::size_t equals = set.find('=');
        if (equals == std::string::npos || equals == 0) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("invalid --set '{}': expected KEY=VALUE", set));
        }
        Status applied = parameters.set(std::string_view(set).substr(0, equals),
                                        std::string_view(set).substr(equals + 1));
        if (!applied) {
            return fail(applied.error());
        }
    }
    return parameters;
}

// The whole portfolio as one run: its summary, and every symbol's trades
// for the per-trade figures.
sim::BacktestResult totals_of(const sim::PortfolioResult& result) {
    sim::BacktestResult total;
    total.summary = result.total;
    for (const sim::SymbolResult& s : result.symbols) {
        total.trades.insert(total.trades.end(), s.trades.begin(), s.trades.end());
    }
    return total;
}

std::string portfolio_json(const RunDescription& run, const sim::PortfolioResult& result) {
    std::string symbols;
    for (const sim::SymbolResult& s : result.symbols) {
        symbols += fmt::format(
            R"({}{{"symbol":{},"bars":{},"trades":{},"wins":{},"pnl":{},"rejected_orders":{}}})",
            symbols.empty() ? "" : ",", json_string(s.symbol), s.bars, s.trades.size(), s.wins,
            s.pnl, s.rejections.size());
    }
    const sim::BacktestResult total = totals_of(result);
    std::string json = summary_json(run, total);
    json.pop_back();  // the closing brace
    return json + R"(,"symbols":[)" + symbols + "]}\n";
}

std::string portfolio_table(const RunDescription& run, const sim::PortfolioResult& result) {
    const sim::BacktestResult total = totals_of(result);
    std::string out = summary_table(run, total);
    out += fmt::format("\n  {:<12}{:>8}{:>8}{:>10}{:>14}\n", "symbol", "bars", "trades", "win rate",
                       "pnl");
    for (const sim::SymbolResult& s : result.symbols) {
        out += fmt::format("  {:<12}{:>8}{:>8}{:>10}{:>14.2f}\n", s.symbol, s.bars, s.trades.size(),
                           s.trades.empty()
                               ? std::string("n/a")
                               : fmt::format("{:.1f}%", 100.0 * static_cast<double>(s.wins)
                                                            / static_cast<double>(s.trades.size())),
                           s.pnl);
    }
    return out;
}

// One symbol of a portfolio as its report page shows it: its candles, trades
// and indicators under the shared account's equity. The account figures
// (return, drawdown, Sharpe, balances) are the portfolio's; the trade
// figures (count, win rate, profit factor, best and worst) are the symbol's.
sim::BacktestResult symbol_page_result(const sim::PortfolioResult& result,
                                       const sim::SymbolResult& symbol, Timeframe timeframe) {
    engine::PerformanceTracker own(result.total.starting_balance, timeframe);
    for (const ClosedTrade& trade : symbol.trades) {
        own.on_trade(trade);
    }
    const engine::PerformanceSummary trades = own.summary(result.total.starting_balance);
    sim::BacktestResult page{result.total, symbol.equity, symbol.trades, symbol.rejections,
                             symbol.blocked};
    page.summary.trades = trades.trades;
    page.summary.wins = trades.wins;
    page.summary.win_rate = trades.win_rate;
    page.summary.gross_profit = trades.gross_profit;
    page.summary.gross_loss = trades.gross_loss;
    page.summary.profit_factor = trades.profit_factor;
    return page;
}

// `--report DIR` over several files: DIR/<symbol>-<strategy>.html for each.
Status write_portfolio_reports(const BacktestOptions& options, const RunDescription& portfolio,
                               const std::vector<std::string>& files,
                               const std::vector<sim::SymbolCandles>& symbols,
                               const sim::PortfolioResult& result,
                               const strategy::Parameters& parameters) {
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const sim::SymbolCandles& symbol = symbols[i];
        RunDescription run = portfolio;
        run.data =
            fmt::format("{} (one of {} symbols sharing the account)", files[i], symbols.size());
        run.first_bar = symbol.candles.front().open_time;
        run.last_bar = symbol.candles.back().open_time;
        const sim::BacktestResult page =
            symbol_page_result(result, result.symbols[i], portfolio.timeframe);
        if (Status written =
                write_report(options, symbol.symbol, {run, symbol.candles, page, parameters});
            !written) {
            return written;
        }
    }
    return {};
}

int run_portfolio_command(const BacktestOptions& options, const strategy::StrategyInfo& info,
                          const strategy::Parameters& parameters, const sim::BacktestConfig& config,
                          const std::vector<std::string>& files) {
    std::vector<sim::SymbolCandles> symbols;
    std::optional<Timeframe> timeframe;
    for (const std::string& path : files) {
        auto loaded = load_candles(options.run, path);
        if (!loaded) {
            return report_error(loaded.error(), loaded.error().code == ErrorCode::InvalidArgument
                                                    ? exit_usage
                                                    : exit_failure);
        }
        if (timeframe && *timeframe != loaded->timeframe) {
            return report_error(
                Error{ErrorCode::InvalidArgument,
                      fmt::format("{}: {} candles, but the other files are {} (use --timeframe "
                                  "to resample them alike)",
                                  path, loaded->timeframe.to_string(), timeframe->to_string())},
                exit_usage);
        }
        timeframe = loaded->timeframe;
        symbols.push_back({symbol_of(path), std::move(loaded->candles)});
    }
    RunDescription run;
    describe(parameters, run);
    run.data = fmt::format("{} symbols", symbols.size());
    run.timeframe = *timeframe;
    run.first_bar = symbols.front().candles.front().open_time;
    run.last_bar = symbols.front().candles.back().open_time;
    for (const sim::SymbolCandles& s : symbols) {
        run.first_bar = std::min(run.first_bar, s.candles.front().open_time);
        run.last_bar = std::max(run.last_bar, s.candles.back().open_time);
    }
    run.config = config;
    const Stopwatch stopwatch;
    auto result = sim::run_portfolio(
        symbols, *timeframe, [&] { return info.make(parameters); },
        sim::PortfolioConfig{config, config.max_open_positions});
    run.elapsed = stopwatch.elapsed();
    if (!result) {
        return report_error(result.error(), exit_usage);
    }
    if (!options.report_dir.empty()) {
        if (Status written =
                write_portfolio_reports(options, run, files, symbols, *result, parameters);
            !written) {
            return report_error(written.error(), exit_failure);
        }
    }
    if (!options.trades.empty()) {
        std::string csv = "symbol," + trades_csv({});
        for (const sim::SymbolResult& s : result->symbols) {
            const std::string rows = trades_csv(s.trades);
            std::size_t line = rows.find('\n') + 1;  // skip the header
            while (line < rows.size()) {
                const std::size_t end = rows.find('\n', line);
                csv += s.symbol + "," + rows.substr(line, end - line + 1);
                line = end + 1;
            }
        }
        if (Status written = write_file_atomically(options.trades, csv); !written) {
            return report_error(written.error(), exit_failure);
        }
    }
    const std::string report =
        options.json ? portfolio_json(run, *result) : portfolio_table(run, *result);
    std::fwrite(report.data(), 1, report.size(), stdout);
    return 0;
}

int run_backtest_command(const BacktestOptions& options) {
    const auto info = strategy_named(options.run);
    if (!info) {
        return report_error(info.error(), exit_usage);
    }
    auto parameters = parameters_of(**info, options.sets);
    if (!parameters) {
        return report_error(parameters.error(), exit_usage);
    }
    auto config = backtest_config(options.run);
    if (!config) {
        return report_error(config.error(), exit_usage);
    }
    auto made = (*info)->make(*parameters);
    if (!made) {
        return report_error(made.error(), exit_usage);
    }
    auto files = data_files(options.run);
    if (!files) {
        return report_error(files.error(), exit_failure);
    }
    if (wants_report(options)) {
        // One chart per page: a portfolio writes one page per symbol, so it
        // needs a folder rather than one file.
        if (files->size() > 1 && !options.report_file.empty()) {
            return report_error(Error{ErrorCode::InvalidArgument,
                                      fmt::format("--out writes one page, but there are {} --data "
                                                  "files: use `osprey backtest --report DIR` for "
                                                  "a page per symbol",
                                                  files->size())},
                                exit_usage);
        }
        config->equity_curve = sim::EquityCurve::PerBar;
    }
    if (files->size() > 1) {
        return run_portfolio_command(options, **info, *parameters, *config, *files);
    }
    const std::string& path = files->front();
    auto loaded = load_candles(options.run, path);
    if (!loaded) {
        return report_error(loaded.error(), loaded.error().code == ErrorCode::InvalidArgument
                                                ? exit_usage
                                                : exit_failure);
    }
    if (Status readable = engine::check_timeframes(
            **made, loaded->timeframe, fmt::format("strategy '{}'", options.run.strategy));
        !readable) {
        return report_error(Error{ErrorCode::InvalidArgument,
                                  fmt::format("{}: {}", path, readable.error().message)},
                            exit_usage);
    }

    RunDescription run;
    describe(*parameters, run);
    run.data = path;
    run.timeframe = loaded->timeframe;
    run.first_bar = loaded->candles.front().open_time;
    run.last_bar = loaded->candles.back().open_time;
    run.config = *config;
    const Stopwatch stopwatch;
    auto result = sim::run_backtest(loaded->candles, loaded->timeframe, std::move(*made), *config);
    run.elapsed = stopwatch.elapsed();
    if (!result) {
        return report_error(result.error(), exit_failure);
    }
    if (!options.trades.empty()) {
        if (Status written = write_file_atomically(options.trades, trades_csv(result->trades));
            !written) {
            return report_error(written.error(), exit_failure);
        }
    }
    if (wants_report(options)) {
        if (Status written = write_report(options, symbol_of(path),
                                          {run, loaded->candles, *result, *parameters});
            !written) {
            return report_error(written.error(), exit_failure);
        }
    }
    const std::string report =
        options.json ? summary_json(run, *result) + "\n" : summary_table(run, *result);
    std::fwrite(report.data(), 1, report.size(), stdout);
    return 0;
}

}  // namespace

Action add_backtest_command(CLI::App& cli) {
    auto options = std::make_shared<BacktestOptions>();
    CLI::App* command = cli.add_subcommand("backtest", "Run a strategy over historical candles");
    add_run_options(*command, options->run);
    command->add_option("--set", options->sets, "Strategy parameter, KEY=VALUE (repeatable)");
    command->add_option("--trades", options->trades, "Write the closed trades to this CSV file");
    command->add_flag("--json", options->json, "Print one JSON object instead of a table");
    command->add_option("--report", options->report_dir,
                        "Also write an HTML report to DIR/<symbol>-<strategy>.html");
    return [options] { return run_backtest_command(*options); };
}

Action add_report_command(CLI::App& cli) {
    auto options = std::make_shared<BacktestOptions>();
    CLI::App* command = cli.add_subcommand(
        "report", "Backtest a strategy and write an HTML report: chart, trades, equity, stats");
    add_run_options(*command, options->run);
    command->add_option("--out", options->report_file, "The HTML file to write")->required();
    command->add_option("--set", options->sets, "Strategy parameter, KEY=VALUE (repeatable)");
    command->add_option("--trades", options->trades, "Also write the closed trades to this CSV");
    command->add_flag("--json", options->json, "Print one JSON object instead of a table");
    return [options] { return run_backtest_command(*options); };
}

}  // namespace osprey::app
