#pragma once
// ATR(n): Wilder smoothing of the true range, seeded with the SMA of the
// first n true ranges. The first bar has no previous close, so the first
// true range is at index 1 and the first ATR at index n (TA-Lib compatible).

#include <span>
#include <vector>

#include "core/candle.hpp"
#include "indicators/moving_average.hpp"

namespace osprey::indicators {

class Atr {
public:
    explicit Atr(int period);

    double update(const Candle& candle) {
        const double range = true_range(candle);
        previous_close_ = candle.close;
        if (count_ > period_) [[likely]] {
            value_ = smoothing_.step(value_, range);
            return value_;
        }
        return warm_up(range);
    }

    double value() const { return value_; }

    bool ready() const { return count_ > period_; }

private:
    double true_range(const Candle& candle) const;
    double warm_up(double range);

    int period_;
    Smoothing smoothing_;  // Wilder: weight 1/n
    int count_ = 0;
    double previous_close_ = 0;
    double sum_ = 0;
    double value_ = no_value;
};

double true_range(const Candle& candle, double previous_close);

std::vector<double> atr(std::span<const Candle> candles, int period);

}  // namespace osprey::indicators
