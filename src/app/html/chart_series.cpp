#include "app/html/chart_series.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/format.h>

#include "data/resample.hpp"

namespace osprey::app {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::array<Duration, 13> chart_timeframes = {
    minutes(1), minutes(3), minutes(5), minutes(15), minutes(30), hours(1), hours(2),
    hours(4),   hours(6),   hours(12),  days(1),     days(3),     days(7),
};

std::size_t bars_needed(std::span<const Candle> candles, Duration span) {
    const Timestamp first = candles.front().open_time.floor_to(span);
    const Timestamp last = candles.back().open_time.floor_to(span);
    return static_cast<std::size_t>((last - first) / span) + 1;
}

std::string_view exit_label(ExitReason reason) {
    switch (reason) {
        case ExitReason::StopLoss: return "SL";
        case ExitReason::TakeProfit: return "TP";
        case ExitReason::TrailingStop: return "trail";
        case ExitReason::End: return "end";
        case ExitReason::Timeout: return "timeout";
        case ExitReason::Signal: break;
    }
    return "exit";
}

}  // namespace

Timeframe display_timeframe(std::span<const Candle> candles, Timeframe base, std::size_t max_bars) {
    if (candles.empty() || bars_needed(candles, base.span()) <= max_bars) {
        return base;
    }
    Timeframe chosen = base;
    for (const Duration span : chart_timeframes) {
        const Timeframe candidate(span);
        if (candidate <= base || !candidate.is_multiple_of(base)) {
            continue;
        }
        chosen = candidate;
        if (bars_needed(candles, span) <= max_bars) {
            break;
        }
    }
    return chosen;
}

std::vector<Candle> display_candles(std::span<const Candle> candles, Timeframe base,
                                    Timeframe display) {
    if (display == base) {
        return {candles.begin(), candles.end()};
    }
    std::vector<Candle> bars;
    bars.reserve(bars_needed(candles, display.span()));
    data::Resampler resampler(base, display);
    for (const Candle& candle : candles) {
        if (auto closed = resampler.on_candle(candle)) {
            bars.push_back(*closed);
        }
        if (auto held = resampler.flush()) {
            bars.push_back(*held);
        }
    }
    if (resampler.partial()) {
        bars.push_back(*resampler.partial());
    }
    return bars;
}

std::string_view to_string(MarkerKind kind) {
    switch (kind) {
        case MarkerKind::LongEntry: return "long_entry";
        case MarkerKind::LongExit: return "long_exit";
        case MarkerKind::ShortEntry: return "short_entry";
        case MarkerKind::ShortExit: return "short_exit";
    }
    return "long_entry";
}

std::vector<TradeMarker> trade_markers(std::span<const ClosedTrade> trades, Timeframe display,
                                       Timestamp last_display_bar) {
    const auto bar_of = [&](Timestamp fill) {
        return std::min(fill.floor_to(display.span()), last_display_bar);
    };
    std::vector<TradeMarker> markers;
    markers.reserve(trades.size() * 2);
    for (const ClosedTrade& t : trades) {
        const bool is_long = t.quantity > 0;
        markers.push_back({bar_of(t.entry_time),
                           is_long ? MarkerKind::LongEntry : MarkerKind::ShortEntry,
                           fmt::format("{} {:.6g}", is_long ? "long" : "short", t.entry_price)});
        markers.push_back({bar_of(t.exit_time),
                           is_long ? MarkerKind::LongExit : MarkerKind::ShortExit,
                           fmt::format("{} {:+.2f}", exit_label(t.exit_reason), t.pnl)});
    }
    // Stable: at one time, an entry stays before the exit it belongs to.
    std::ranges::stable_sort(markers, {}, &TradeMarker::time);
    return markers;
}

}  // namespace osprey::app
