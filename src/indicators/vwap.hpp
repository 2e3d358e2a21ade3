#pragma once
// Session VWAP: Σ(typical price × volume) / Σ volume since the session start
// (UTC midnight by default), typical price = (high + low + close) / 3. While
// the session has traded no volume yet, the VWAP is the bar's typical price.
//
// Volume ratio(n): this bar's volume over the mean volume of the n bars
// before it; first value at index n. NaN when those n bars traded nothing.

#include <optional>
#include <span>
#include <vector>

#include "core/candle.hpp"
#include "indicators/moving_average.hpp"

namespace osprey::indicators {

class Vwap {
public:
    explicit Vwap(Duration session = std::chrono::days(1)) : session_(session) {}

    double update(const Candle& candle);

    double value() const { return value_; }

    bool ready() const { return session_start_.has_value(); }

private:
    Duration session_;
    std::optional<Timestamp> session_start_;
    double price_volume_ = 0;
    double volume_ = 0;
    double value_ = no_value;
};

class VolumeRatio {
public:
    explicit VolumeRatio(int period);

    double update(double volume);

    double value() const { return value_; }

    bool ready() const { return ready_; }

private:
    Sma previous_;  // the mean volume of the bars before this one
    bool ready_ = false;
    double value_ = no_value;
};

std::vector<double> vwap(std::span<const Candle> candles, Duration session = std::chrono::days(1));
std::vector<double> volume_ratio(std::span<const double> volumes, int period);

}  // namespace osprey::indicators
