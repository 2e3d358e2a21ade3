#pragma once
// Bollinger bands (n, k): SMA ± k × population standard deviation over the
// last n values. First value at index n-1.
//
// The variance is kept with a rolling Welford update (no E[x²] − E[x]²
// cancellation, which costs TA-Lib up to ~2e-7 relative on BTC prices), and
// recomputed exactly from the window once per lap of it, so rounding cannot
// accumulate: O(1) amortized per bar.

#include <span>
#include <vector>

#include "indicators/moving_average.hpp"

namespace osprey::indicators {

struct BollingerValue {
    double upper = no_value;
    double middle = no_value;
    double lower = no_value;

    // (upper − lower) / middle, in percent: the band width traders quote.
    double width_pct() const { return (upper - lower) / middle * 100.0; }
};

class Bollinger {
public:
    Bollinger(int period, double deviations);

    BollingerValue update(double value);

    const BollingerValue& value() const { return value_; }

    bool ready() const { return window_.full(); }

private:
    RollingWindow window_;
    double deviations_;
    double mean_ = 0;
    double squares_ = 0;  // sum of squared deviations from the mean (M2)
    BollingerValue value_;
};

struct BollingerSeries {
    std::vector<double> upper;
    std::vector<double> middle;
    std::vector<double> lower;
};

BollingerSeries bollinger(std::span<const double> values, int period, double deviations);

}  // namespace osprey::indicators
