#pragma once
// The shape of one candle, as fractions of its range (high − low): the
// upper and lower wicks and the body. A bar with no range has no shape
// (all zero).

#include <algorithm>
#include <cmath>

#include "core/candle.hpp"

namespace osprey::indicators {

struct CandleShape {
    double upper_wick = 0;
    double lower_wick = 0;
    double body = 0;
};

inline CandleShape candle_shape(const Candle& c) {
    const double range = c.high - c.low;
    if (!(range > 0)) {
        return {};
    }
    return CandleShape{(c.high - std::max(c.open, c.close)) / range,
                       (std::min(c.open, c.close) - c.low) / range,
                       std::fabs(c.close - c.open) / range};
}

}  // namespace osprey::indicators
