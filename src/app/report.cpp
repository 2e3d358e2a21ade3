#include "app/report.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include <fmt/format.h>

#include "app/json.hpp"

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

}  // namespace

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
        c.costs.step,
        c.sizing.amount > 0 ? fmt::format(
            "{} per entry{}", c.sizing.amount,
            c.sizing.compounding == engine::Compounding::Reinvest ? " plus profit" : "")
                            : std::string("all cash per entry"),
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
    if (!result.rejections.empty()) {
        row("rejected orders", fmt::format("{}", result.rejections.size()));
    }
    row("engine time", fmt::format("{:.1f} ms", run.elapsed.count() * 1e3));
    row("speed", fmt::format("{:.1f}M bars/s", per_second(s.bars, run.elapsed) / 1e6));
    return out;
}

std::string summary_json(const RunDescription& run, const sim::BacktestResult& result) {
    const engine::PerformanceSummary& s = result.summary;
    return fmt::format(
        "{{\"strategy\":{},\"parameters\":{},\"data\":{},\"timeframe\":{},\"first_bar_ts\":{},"
        "\"last_bar_ts\":{},\"bars\":{},\"trades\":{},\"wins\":{},\"starting_balance\":{},"
        "\"final_balance\":{},\"return_pct\":{},\"max_drawdown_pct\":{},\"win_rate\":{},"
        "\"profit_factor\":{},\"sharpe\":{},\"sortino\":{},\"exposure_pct\":{},"
        "\"rejected_orders\":{},\"elapsed_ms\":{},\"bars_per_s\":{}}}",
        json_string(run.strategy.substr(0, run.strategy.find('('))), run.parameters,
        json_string(run.data), json_string(run.timeframe.to_string()), run.first_bar.millis(),
        run.last_bar.millis(), s.bars, s.trades, s.wins, s.starting_balance, s.final_balance,
        s.return_pct, s.max_drawdown_pct, s.win_rate, json_number(s.profit_factor),
        json_number(s.sharpe), json_number(s.sortino), s.exposure_pct, result.rejections.size(),
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

}  // namespace osprey::app
