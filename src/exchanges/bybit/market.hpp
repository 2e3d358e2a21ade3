#pragma once
// Bybit's names for markets and bar lengths (protocols/bybit-v5.md §3, §8).

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "core/timeframe.hpp"

namespace osprey::bybit {

// Spot, or USDT-settled linear perpetuals and futures.
enum class Category : std::uint8_t { Spot, Linear };

constexpr std::string_view to_string(Category category) {
    return category == Category::Spot ? "spot" : "linear";
}

Result<Category> parse_category(std::string_view text);

// "1", "3", ..., "720", "D", "W": the kline interval for a timeframe. Bybit
// has no 1s, 8h or 3d bars, so those are an error, not a silent substitute.
Result<std::string_view> kline_interval(Timeframe timeframe);

}  // namespace osprey::bybit
