#pragma once
// MACD(fast, slow, signal), reproducing TA-Lib (DESIGN.md "Indicators"):
// both EMAs start together at index slow-1, the slow one seeded with the SMA
// of the first `slow` values, the fast one with the SMA of the `fast` values
// ending at slow-1; the signal is an EMA of the MACD line seeded with the SMA
// of its first `signal` values. All three outputs start at slow+signal-2.

#include <span>
#include <vector>

#include "indicators/moving_average.hpp"

namespace osprey::indicators {

struct MacdValue {
    double macd = no_value;
    double signal = no_value;
    double histogram = no_value;
};

class Macd {
public:
    Macd(int fast, int slow, int signal);

    MacdValue update(double value) {
        if (slow_.ready()) [[likely]] {
            return advance(fast_.update(value) - slow_.update(value));
        }
        return warm_up(value);
    }

    const MacdValue& value() const { return value_; }

    bool ready() const { return signal_.ready(); }

private:
    MacdValue advance(double line) {
        const double signal = signal_.update(line);
        if (signal_.ready()) {
            value_ = MacdValue{line, signal, line - signal};
        }
        return value_;
    }

    MacdValue warm_up(double value);

    // TA-Lib's arithmetic order, to reproduce its MACD exactly (see Smoothing).
    using MacdEma = BasicEma<EmaArithmetic::TaLibOrder>;
    MacdEma fast_;
    MacdEma slow_;
    MacdEma signal_;
    RollingWindow recent_;  // the last `fast` values, to seed the fast EMA
    MacdValue value_;
};

struct MacdSeries {
    std::vector<double> macd;
    std::vector<double> signal;
    std::vector<double> histogram;
};

MacdSeries macd(std::span<const double> values, int fast, int slow, int signal);

}  // namespace osprey::indicators
