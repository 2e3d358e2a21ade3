#pragma once
// Hand-made hourly candles for the simulated venue's tests: bar `hour` opens
// at hour × 1h after the epoch, with volume 1.

#include <chrono>
#include <cstdint>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace osprey::sim::testing {

inline const Timeframe one_hour(std::chrono::hours(1));

inline Candle bar(std::int64_t hour, double open, double high, double low, double close) {
    return Candle{Timestamp::from_millis(hour * 3'600'000), open, high, low, close, 1};
}

}  // namespace osprey::sim::testing
