#include "indicators/atr.hpp"

#include <algorithm>
#include <cmath>

namespace osprey::indicators {

double true_range(const Candle& candle, double previous_close) {
    return std::max({candle.high - candle.low, std::fabs(candle.high - previous_close),
                     std::fabs(candle.low - previous_close)});
}

Atr::Atr(int period) : period_(period), smoothing_(1.0 / period) {
    OSPREY_ASSERT(period >= 1, "ATR period must be at least 1");
}

double Atr::true_range(const Candle& candle) const {
    return indicators::true_range(candle, previous_close_);
}

double Atr::warm_up(double range) {
    if (count_++ == 0) {
        return value_;  // no previous close: no true range yet
    }
    sum_ += range;
    if (count_ > period_) {
        value_ = sum_ / period_;
    }
    return value_;
}

std::vector<double> atr(std::span<const Candle> candles, int period) {
    OSPREY_ASSERT(period >= 1, "ATR period must be at least 1");
    const auto n = static_cast<std::size_t>(period);
    std::vector<double> out(candles.size(), no_value);
    if (candles.size() <= n) {
        return out;
    }
    double sum = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        sum += true_range(candles[i], candles[i - 1].close);
    }
    const Smoothing wilder(1.0 / period);
    double average = sum / period;
    out[n] = average;
    for (std::size_t i = n + 1; i < candles.size(); ++i) {
        average = wilder.step(average, true_range(candles[i], candles[i - 1].close));
        out[i] = average;
    }
    return out;
}

}  // namespace osprey::indicators
