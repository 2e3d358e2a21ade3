#pragma once
// Percentile rank of the latest value among the last n (0 to 100): the share
// of the window at or below it. Regime detection compares today's ATR % or
// Bollinger width with its own recent history this way.

#include "indicators/moving_average.hpp"
#include "indicators/rolling_window.hpp"

namespace osprey::indicators {

class PercentileRank {
public:
    explicit PercentileRank(int period) : window_(static_cast<std::size_t>(period)) {}

    // O(n) in the window (a scan).
    double update(double value) {
        window_.push(value);
        if (!window_.full()) {
            return no_value;
        }
        double at_or_below = 0;
        window_.for_each([&](double v) { at_or_below += v <= value ? 1.0 : 0.0; });
        value_ = 100.0 * at_or_below / static_cast<double>(window_.size());
        return value_;
    }

    double value() const { return value_; }

    bool ready() const { return window_.full(); }

private:
    RollingWindow window_;
    double value_ = no_value;
};

}  // namespace osprey::indicators
