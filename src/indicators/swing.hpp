#pragma once
// The recent swing: the highest high and lowest low of the last n bars, and
// where a price sits in it as a Fibonacci retracement.

#include <limits>

#include "core/candle.hpp"
#include "indicators/rolling_window.hpp"

namespace osprey::indicators {

class Swing {
public:
    explicit Swing(int bars)
        : highs_(static_cast<std::size_t>(bars)), lows_(static_cast<std::size_t>(bars)) {}

    // O(n) in the window (a scan): n is a few dozen bars.
    void update(const Candle& candle) {
        highs_.push(candle.high);
        lows_.push(candle.low);
        high_ = -std::numeric_limits<double>::infinity();
        low_ = std::numeric_limits<double>::infinity();
        highs_.for_each([this](double h) { high_ = h > high_ ? h : high_; });
        lows_.for_each([this](double l) { low_ = l < low_ ? l : low_; });
    }

    bool ready() const { return highs_.full(); }

    double high() const { return high_; }

    double low() const { return low_; }

    // How much of the swing a long has given back: (high − price) / (high −
    // low), 0 at the high, 1 at the low. A short's is measured from the low.
    double retracement_from_high(double price) const {
        return high_ > low_ ? (high_ - price) / (high_ - low_) : 0.0;
    }

    double retracement_from_low(double price) const {
        return high_ > low_ ? (price - low_) / (high_ - low_) : 0.0;
    }

private:
    RollingWindow highs_;
    RollingWindow lows_;
    double high_ = 0;
    double low_ = 0;
};

// Fibonacci zones of a retracement: 0 below 23.6 %, 1 for 23.6–38.2,
// 2 for 38.2–50, 3 for 50–61.8, 4 for 61.8–78.6, 5 beyond.
inline int fibonacci_zone(double retracement) {
    constexpr double levels[] = {0.236, 0.382, 0.5, 0.618, 0.786};
    int zone = 0;
    for (const double level : levels) {
        zone += retracement >= level ? 1 : 0;
    }
    return zone;
}

}  // namespace osprey::indicators
