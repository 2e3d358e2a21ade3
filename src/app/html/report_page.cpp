#include "app/html/report_page.hpp"

#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "app/html/assets.hpp"
#include "app/html/chart_series.hpp"
#include "app/html/equity_series.hpp"
#include "app/html/overlays.hpp"
#include "app/run_statistics.hpp"
#include "core/json_text.hpp"

namespace osprey::app {

namespace {

constexpr std::string_view library_slot = "/*@osprey-chart-library@*/";
constexpr std::string_view data_slot = "/*@osprey-report-data@*/";

// Seconds since the epoch: the chart library's time.
std::int64_t chart_time(Timestamp at) {
    return at.millis() / 1000;
}

std::string number(double value) {
    return std::isfinite(value) ? fmt::format("{}", value) : std::string("null");
}

std::string candles_json(std::span<const Candle> bars) {
    std::string out = "[";
    for (const Candle& c : bars) {
        out += fmt::format("{}[{},{},{},{},{}]", out.size() > 1 ? "," : "", chart_time(c.open_time),
                           c.open, c.high, c.low, c.close);
    }
    return out + "]";
}

std::string overlays_json(std::span<const Overlay> overlays) {
    std::string out = "[";
    for (const Overlay& o : overlays) {
        std::string values;
        for (const double v : o.values) {
            if (!values.empty()) {
                values += ',';
            }
            values += number(v);
        }
        out +=
            fmt::format(R"({}{{"name":{},"colour":{},"values":[{}]}})", out.size() > 1 ? "," : "",
                        json_string(o.name), json_string(o.colour), values);
    }
    return out + "]";
}

std::string markers_json(std::span<const TradeMarker> markers) {
    std::string out = "[";
    for (const TradeMarker& m : markers) {
        out += fmt::format(R"({}{{"time":{},"kind":"{}","text":{}}})", out.size() > 1 ? "," : "",
                           chart_time(m.time), to_string(m.kind), json_string(m.text));
    }
    return out + "]";
}

std::string equity_json(std::span<const EquityPoint> points) {
    std::string out = "[";
    for (const EquityPoint& p : points) {
        out += fmt::format("{}[{},{},{}]", out.size() > 1 ? "," : "", chart_time(p.time),
                           number(p.equity), number(p.drawdown_pct));
    }
    return out + "]";
}

std::string monthly_json(std::span<const MonthlyReturn> months) {
    std::string out = "[";
    for (const MonthlyReturn& m : months) {
        out +=
            fmt::format("{}[{},{},{}]", out.size() > 1 ? "," : "", m.year, m.month, number(m.pct));
    }
    return out + "]";
}

std::string or_na(const std::optional<double>& value, std::string_view format) {
    return value ? fmt::format(fmt::runtime(format), *value) : std::string("n/a");
}

struct StatRow {
    std::string_view key;  // as in --json
    std::string_view label;
    std::string text;
};

std::vector<StatRow> stat_rows(const RunDescription& run, const sim::BacktestResult& result,
                               const RunStatistics& x) {
    const engine::PerformanceSummary& s = result.summary;
    const double speed =
        run.elapsed.count() > 0 ? static_cast<double>(s.bars) / run.elapsed.count() / 1e6 : 0.0;
    return {
        {"return_pct", "Return", fmt::format("{:+.2f}%", s.return_pct)},
        {"cagr_pct", "CAGR", or_na(x.cagr_pct, "{:+.2f}%")},
        {"max_drawdown_pct", "Max drawdown", fmt::format("{:.2f}%", s.max_drawdown_pct)},
        {"calmar", "Calmar", or_na(x.calmar, "{:.2f}")},
        {"sharpe", "Sharpe", or_na(s.sharpe, "{:.2f}")},
        {"sortino", "Sortino", or_na(s.sortino, "{:.2f}")},
        {"starting_balance", "Starting balance", fmt::format("{:.2f}", s.starting_balance)},
        {"final_balance", "Final balance", fmt::format("{:.2f}", s.final_balance)},
        {"trades", "Trades", fmt::format("{}", s.trades)},
        {"wins", "Wins", fmt::format("{}", s.wins)},
        {"win_rate", "Win rate",
         s.trades > 0 ? fmt::format("{:.1f}%", s.win_rate * 100) : std::string("n/a")},
        {"profit_factor", "Profit factor", or_na(s.profit_factor, "{:.2f}")},
        {"avg_trade_pnl", "Average trade", or_na(x.average_trade_pnl, "{:+.2f}")},
        {"avg_trade_pct", "Average trade %", or_na(x.average_trade_pct, "{:+.2f}%")},
        {"best_trade_pct", "Best trade", or_na(x.best_trade_pct, "{:+.2f}%")},
        {"worst_trade_pct", "Worst trade", or_na(x.worst_trade_pct, "{:+.2f}%")},
        {"avg_holding_hours", "Average holding time", holding_time_text(x.average_holding_hours)},
        {"trades_per_day", "Trades per day", fmt::format("{:.2f}", x.trades_per_day)},
        {"exposure_pct", "Exposure", fmt::format("{:.1f}%", s.exposure_pct)},
        {"rejected_orders", "Rejected orders", fmt::format("{}", result.rejections.size())},
        {"bars", "Bars", fmt::format("{}", s.bars)},
        {"elapsed_ms", "Engine time", fmt::format("{:.1f} ms", run.elapsed.count() * 1e3)},
        {"bars_per_s", "Speed", fmt::format("{:.1f}M bars/s", speed)},
    };
}

std::string stats_json(std::span<const StatRow> rows) {
    std::string out = "[";
    for (const StatRow& r : rows) {
        out += fmt::format("{}[{},{},{}]", out.size() > 1 ? "," : "", json_string(r.key),
                           json_string(r.label), json_string(r.text));
    }
    return out + "]";
}

// Text inside a <script> element ends at the first "</script": "<\/" is
// the same in a JSON or JavaScript string, and markup cannot close early.
std::string script_safe(std::string_view text) {
    std::string safe;
    safe.reserve(text.size() + text.size() / 1000);
    std::size_t from = 0;
    for (std::size_t at = text.find("</"); at != std::string_view::npos;
         at = text.find("</", at + 2)) {
        safe.append(text.substr(from, at + 1 - from)).append("\\");
        from = at + 1;
    }
    return safe.append(text.substr(from));
}

void fill_slot(std::string& page, std::string_view slot, const std::string& content) {
    const std::size_t at = page.find(slot);
    OSPREY_ASSERT(at != std::string::npos, "the report template has every slot");
    page.replace(at, slot.size(), content);
}

std::string report_data(const ReportInputs& in) {
    const RunDescription& run = in.run;
    const Timeframe display = display_timeframe(in.candles, run.timeframe);
    const std::vector<Candle> bars = display_candles(in.candles, run.timeframe, display);
    const std::vector<Overlay> overlays =
        strategy_overlays(in.parameters, {in.candles, run.timeframe, bars, display});
    const std::vector<TradeMarker> markers = trade_markers(
        in.result.trades, display, bars.empty() ? Timestamp{} : bars.back().open_time);
    const EquityCurve curve{in.candles, in.result.equity, in.result.summary.starting_balance,
                            in.result.summary.final_balance};
    const Duration period = run.last_bar + run.timeframe.span() - run.first_bar;
    const RunStatistics statistics = run_statistics(in.result.trades, in.result.summary, period);
    return fmt::format(
        R"({{"strategy":{},"data":{},"timeframe":{},"display_timeframe":{},"first_bar":{},)"
        R"("last_bar":{},"trades":{},"candles":{},"overlays":{},"markers":{},"equity":{},)"
        R"("monthly":{},"stats":{}}})",
        json_string(run.strategy), json_string(run.data), json_string(run.timeframe.to_string()),
        json_string(display.to_string()), json_string(format_utc(run.first_bar)),
        json_string(format_utc(run.last_bar)), in.result.trades.size(), candles_json(bars),
        overlays_json(overlays), markers_json(markers), equity_json(equity_points(curve, display)),
        monthly_json(monthly_returns(curve)), stats_json(stat_rows(run, in.result, statistics)));
}

}  // namespace

std::string report_page(const ReportInputs& inputs) {
    OSPREY_ASSERT(inputs.result.equity.size() == inputs.candles.size(),
                  "a report needs the equity of every bar (EquityCurve::PerBar)");
    std::string page(report_page_template());
    // The library first: the data (file names) could hold a slot's text.
    fill_slot(page, library_slot, script_safe(chart_library()));
    fill_slot(page, data_slot, script_safe(report_data(inputs)));
    return page;
}

std::filesystem::path report_file_in(const std::filesystem::path& dir, std::string_view symbol,
                                     std::string_view strategy) {
    return dir / fmt::format("{}-{}.html", symbol, strategy);
}

}  // namespace osprey::app
