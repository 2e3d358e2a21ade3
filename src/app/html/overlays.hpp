#pragma once
// The strategy's indicators, drawn over the report's candles, so a reader
// sees why it traded where it did:
//   ema_cross, simple, enhanced, signals: the fast and slow EMAs;
//   volatile: its Bollinger bands;
//   scalp: the session VWAP and EMA(8) / EMA(21), on its 3m bars.
// Each is computed with the strategy's own parameters on the bars it trades
// on, and each display bar shows the value of the last of those bars that
// had closed by the display bar's close (no look-ahead on the chart either).

#include <span>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/timeframe.hpp"
#include "strategy/parameters.hpp"

namespace osprey::app {

struct Overlay {
    std::string name;            // "EMA 12"
    std::string colour;          // CSS
    std::vector<double> values;  // one per display bar; NaN where undefined
};

struct ChartBars {
    std::span<const Candle> base;  // the backtest's bars
    Timeframe base_timeframe;
    std::span<const Candle> display;
    Timeframe display_timeframe;
};

// Empty for a strategy with nothing to draw.
std::vector<Overlay> strategy_overlays(const strategy::Parameters& parameters,
                                       const ChartBars& bars);

}  // namespace osprey::app
