#include "app/report.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include <fmt/format.h>

#include "app/run_statistics.hpp"
#include "core/json_text.hpp"

namespace osprey::app {

namespace {

double per_second(std::size_t bars, std::chrono::duration<double> elapsed) {
    return elapsed.count() > 0 ? static_cast<double>(bars) / elapsed.count() : 0.0;
}

std::string percent_or_off(double pct) {
    return pct > 0 ? fmt::format("{}%", pct) : std::string("off");
}

std::string or_none(const std::optional<double>& value, std::string_view format) {
    return value ? fmt::format(fmt::runtime(format), *value) : std::string("n/a");
}

// The run's span of time: the first bar's open to the last bar's close.
Duration period_of(const RunDescription& run) {
    return run.last_bar + run.timeframe.span() - run.first_bar;
}

std::string sizing_text(const sim::BacktestConfig& c) {
    std::string text;
    switch (c.sizing.mode) {
        case risk::SizingMode::Amount:
            text = c.sizing.amount > 0 ? fmt::format(
                       "{} per entry{}", c.sizing.amount,
                       c.sizing.compounding == risk::Compounding::Reinvest ? " plus profit" : "")
                                       : std::string("all cash per entry");
            break;
        case risk::SizingMode::RiskPercent:
            text = fmt::format("risking {}% of equity to the stop", c.sizing.risk_pct);
            break;
        case risk::SizingMode::RiskAmount:
            text = fmt::format("risking {} to the stop", c.sizing.risk_amount);
            break;
    }
    text += c.sizing.fee_aware ? ", fee-aware" : "";
    text += c.costs.min_notional > 0 ? fmt::format(", min notional {}", c.costs.min_notional) : "";
    text += c.daily_loss_limit_pct > 0
                ? fmt::format(", daily loss limit {}%", c.daily_loss_limit_pct)
                : "";
    text += c.gate ? ", rules gate on" : "";
    return text;
}

// {"total":3,"by_reason":{"rsi":2,"daily loss limit":1}}
std::string blocked_json(std::span<const engine::BlockedSignal> blocked) {
    std::string reasons;
    for (const auto& [reason, count] : blocked_by_reason(blocked)) {
        reasons += fmt::format("{}{}:{}", reasons.empty() ? "" : ",", json_string(reason), count);
    }
    return fmt::format(R"({{"total":{},"by_reason":{{{}}}}})", blocked.size(), reasons);
}

}  // namespace

std::map<std::string, std::size_t> blocked_by_reason(
    std::span<const engine::BlockedSignal> blocked) {
    std::map<std::string, std::size_t> counts;
    for (const engine::BlockedSignal& b : blocked) {
        ++counts[std::string(b.reason)];
    }
    return counts;
}

std::string summary_table(const RunDescription& run, const sim::BacktestResult& result) {
    const engine::PerformanceSummary& s = result.summary;
    const sim::BacktestConfig& c = run.config;
    std::string out;
    out += fmt::format("Backtest  {} on {}\n", run.strategy, run.data);
    out += fmt::format("          {} bars of {}, {} to {} UTC\n", s.bars, run.timeframe.to_string(),
                       format_utc(run.first_bar), format_utc(run.last_bar));
    out += fmt::format(
        "          stop loss {}, take profit {}, trailing stop {}, fee {}%, slippage {} bps, "
        "step {}\n          {}{}\n\n",
        percent_or_off(c.exits.stop_loss_pct), percent_or_off(c.exits.take_profit_pct),
        percent_or_off(c.exits.trailing_stop_pct), c.costs.fee_rate * 100, c.costs.slippage_bps,
        c.costs.step, sizing_text(c),
        c.shorting == engine::Shorting::Allowed ? ", shorts allowed" : ", long only");
    const auto row = [&out](std::string_view name, const std::string& value) {
        out += fmt::format("  {:<16}{:>18}\n", name, value);
    };
    row("balance", fmt::format("{:.2f} -> {:.2f}", s.starting_balance, s.final_balance));
    row("return", fmt::format("{:+.2f}%", s.return_pct));
    row("max drawdown", fmt::format("{:.2f}%", s.max_drawdown_pct));
    row("trades", fmt::format("{}", s.trades));
    row("win rate", s.trades > 0 ? fmt::format("{:.1f}%", s.win_rate * 100) : "n/a");
    row("profit factor", or_none(s.profit_factor, "{:.2f}"));
    row("sharpe", or_none(s.sharpe, "{:.2f}"));
    row("sortino", or_none(s.sortino, "{:.2f}"));
    row("exposure", fmt::format("{:.1f}%", s.exposure_pct));
    const RunStatistics x = run_statistics(result.trades, s, period_of(run));
    row("average trade", or_none(x.average_trade_pnl, "{:+.2f}"));
    row("best / worst",
        x.best_trade_pct ? fmt::format("{:+.2f}% / {:+.2f}%", *x.best_trade_pct, *x.worst_trade_pct)
                         : std::string("n/a"));
    row("average holding", holding_time_text(x.average_holding_hours));
    row("trades per day", fmt::format("{:.2f}", x.trades_per_day));
    row("CAGR", or_none(x.cagr_pct, "{:+.2f}%"));
    row("Calmar", or_none(x.calmar, "{:.2f}"));
    if (!result.rejections.empty()) {
        row("rejected orders", fmt::format("{}", result.rejections.size()));
    }
    if (!result.blocked.empty()) {
        row("blocked entries", fmt::format("{}", result.blocked.size()));
        for (const auto& [reason, count] : blocked_by_reason(result.blocked)) {
            out += fmt::format("    {:<30}{:>6}\n", reason, count);
        }
    }
    row("engine time", fmt::format("{:.1f} ms", run.elapsed.count() * 1e3));
    row("speed", fmt::format("{:.1f}M bars/s", per_second(s.bars, run.elapsed) / 1e6));
    return out;
}

std::string summary_json(const RunDescription& run, const sim::BacktestResult& result) {
    const engine::PerformanceSummary& s = result.summary;
    const RunStatistics x = run_statistics(result.trades, s, period_of(run));
    return fmt::format(
        "{{\"strategy\":{},\"parameters\":{},\"data\":{},\"timeframe\":{},\"first_bar_ts\":{},"
        "\"last_bar_ts\":{},\"bars\":{},\"trades\":{},\"wins\":{},\"starting_balance\":{},"
        "\"final_balance\":{},\"return_pct\":{},\"max_drawdown_pct\":{},\"win_rate\":{},"
        "\"profit_factor\":{},\"sharpe\":{},\"sortino\":{},\"exposure_pct\":{},"
        "\"avg_trade_pnl\":{},\"avg_trade_pct\":{},\"best_trade_pct\":{},\"worst_trade_pct\":{},"
        "\"avg_holding_hours\":{},\"trades_per_day\":{},\"cagr_pct\":{},\"calmar\":{},"
        "\"rejected_orders\":{},\"blocked\":{},\"elapsed_ms\":{},\"bars_per_s\":{}}}",
        json_string(run.strategy.substr(0, run.strategy.find('('))), run.parameters,
        json_string(run.data), json_string(run.timeframe.to_string()), run.first_bar.millis(),
        run.last_bar.millis(), s.bars, s.trades, s.wins, s.starting_balance, s.final_balance,
        s.return_pct, s.max_drawdown_pct, s.win_rate, json_number(s.profit_factor),
        json_number(s.sharpe), json_number(s.sortino), s.exposure_pct,
        json_number(x.average_trade_pnl), json_number(x.average_trade_pct),
        json_number(x.best_trade_pct), json_number(x.worst_trade_pct),
        json_number(x.average_holding_hours), x.trades_per_day, json_number(x.cagr_pct),
        json_number(x.calmar), result.rejections.size(), blocked_json(result.blocked),
        run.elapsed.count() * 1e3, per_second(s.bars, run.elapsed));
}

std::string trades_csv(std::span<const ClosedTrade> trades) {
    std::string out = "entry_ts,entry_price,exit_ts,exit_price,qty,pnl,exit_reason\n";
    for (const ClosedTrade& t : trades) {
        out += fmt::format("{},{},{},{},{},{},{}\n", t.entry_time.millis(), t.entry_price,
                           t.exit_time.millis(), t.exit_price, t.quantity, t.pnl,
                           to_string(t.exit_reason));
    }
    return out;
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    const auto failed = [&path](std::string_view why) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot write '{}': {}", path.string(), why));
    };
    std::filesystem::path temporary = path;
    temporary += fmt::format(".tmp-{}", ::getpid());

    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };

    std::unique_ptr<std::FILE, Closer> file(std::fopen(temporary.c_str(), "wb"));
    if (!file) {
        return failed(std::error_code(errno, std::generic_category()).message());
    }
    const bool written =
        std::fwrite(content.data(), 1, content.size(), file.get()) == content.size()
        && std::fflush(file.get()) == 0 && ::fsync(::fileno(file.get())) == 0;
    const int write_errno = errno;
    file.reset();
    if (!written) {
        std::filesystem::remove(temporary);
        return failed(std::error_code(write_errno, std::generic_category()).message());
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary);
        return failed(ec.message());
    }
    return {};
}

void describe(const strategy::Parameters& parameters, RunDescription& run) {
    std::string readable;
    std::string json = "{";
    for (const strategy::ParameterSpec& spec : parameters.specs()) {
        const std::string value = strategy::format_parameter(spec, parameters.get(spec.name));
        readable += fmt::format("{}{}={}", readable.empty() ? "" : ", ", spec.name, value);
        json += fmt::format("{}\"{}\":{}", json.size() > 1 ? "," : "", spec.name, value);
    }
    run.strategy = fmt::format("{}({})", parameters.strategy(), readable);
    run.parameters = json + "}";
}

}  // namespace osprey::app
