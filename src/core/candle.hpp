#pragma once
// A candle (bar): open time, OHLC prices and base-asset volume.
//
// Prices here are doubles on purpose: candles feed analysis (indicators,
// strategies, the backtest's contract arithmetic in DESIGN.md), not orders.
// Anything sent to an exchange goes through Price and Quantity (decimal.hpp).

#include "core/timestamp.hpp"

namespace osprey {

struct Candle {
    Timestamp open_time;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;

    friend bool operator==(const Candle&, const Candle&) = default;
};

}  // namespace osprey
