#pragma once
// What the report's price chart draws: the candles at a display timeframe
// coarse enough to draw (a year of 1m bars is half a million candles, more
// than a browser draws smoothly), and a marker for every entry and exit on
// the display bar that holds its fill.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/fill.hpp"
#include "core/timeframe.hpp"

namespace osprey::app {

inline constexpr std::size_t max_display_bars = 5000;

// The smallest of the usual chart timeframes (from 1m up to 1w) that is a
// whole multiple of `base` and shows the series in at most `max_bars` bars;
// `base` itself when it already fits; the largest when none does.
Timeframe display_timeframe(std::span<const Candle> candles, Timeframe base,
                            std::size_t max_bars = max_display_bars);

// The candles merged into `display` bars (aligned to the UTC epoch, as
// --timeframe does), an unfinished last bar included: a chart shows it all.
std::vector<Candle> display_candles(std::span<const Candle> candles, Timeframe base,
                                    Timeframe display);

enum class MarkerKind : std::uint8_t { LongEntry, LongExit, ShortEntry, ShortExit };

std::string_view to_string(MarkerKind kind);

struct TradeMarker {
    Timestamp time;  // the open time of the display bar that holds the fill
    MarkerKind kind = MarkerKind::LongEntry;
    std::string text;
};

// Two markers per closed trade (a partial exit is a trade of its own), in
// time order as the chart needs them; none later than `last_display_bar`.
std::vector<TradeMarker> trade_markers(std::span<const ClosedTrade> trades, Timeframe display,
                                       Timestamp last_display_bar);

}  // namespace osprey::app
