#include "exchanges/bybit/market.hpp"

#include <array>
#include <chrono>
#include <string>

namespace osprey::bybit {

namespace {

struct IntervalName {
    std::int64_t minutes;
    std::string_view name;
};

constexpr std::array<IntervalName, 12> interval_names = {{
    {1, "1"},
    {3, "3"},
    {5, "5"},
    {15, "15"},
    {30, "30"},
    {60, "60"},
    {120, "120"},
    {240, "240"},
    {360, "360"},
    {720, "720"},
    {1440, "D"},
    {10080, "W"},
}};

}  // namespace

Result<Category> parse_category(std::string_view text) {
    if (text == "spot") {
        return Category::Spot;
    }
    if (text == "linear") {
        return Category::Linear;
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown Bybit category '" + std::string(text) + "' (spot or linear)");
}

Result<std::string_view> kline_interval(Timeframe timeframe) {
    const auto span = timeframe.span();
    if (span % std::chrono::minutes(1) == Duration::zero()) {
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(span).count();
        for (const auto& entry : interval_names) {
            if (entry.minutes == minutes) {
                return entry.name;
            }
        }
    }
    return fail(ErrorCode::InvalidArgument,
                "Bybit has no " + timeframe.to_string() + " klines (1m..12h, 1d, 1w)");
}

}  // namespace osprey::bybit
