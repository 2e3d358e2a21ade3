#pragma once

#include <cstdint>
#include <string_view>

namespace osprey {

enum class Side : std::uint8_t { Buy, Sell };

// Why a position was closed. The text forms are part of the trades CSV and
// JSON contract (DESIGN.md "Backtest fills").
enum class ExitReason : std::uint8_t { Signal, StopLoss, TakeProfit, End, TrailingStop, Timeout };

constexpr std::string_view to_string(Side side) {
    return side == Side::Buy ? "buy" : "sell";
}

constexpr std::string_view to_string(ExitReason reason) {
    switch (reason) {
        case ExitReason::Signal: return "signal";
        case ExitReason::StopLoss: return "stop_loss";
        case ExitReason::TakeProfit: return "take_profit";
        case ExitReason::End: return "end";
        case ExitReason::TrailingStop: return "trailing_stop";
        case ExitReason::Timeout: return "timeout";
    }
    return "unknown";
}

}  // namespace osprey

namespace osprey {

// Which way a position faces. A short profits when the price falls; it is
// opened by a sell and closed by a buy, on venues that allow it.
enum class PositionSide : std::uint8_t { Long, Short };

constexpr std::string_view to_string(PositionSide side) {
    return side == PositionSide::Long ? "long" : "short";
}

}  // namespace osprey
