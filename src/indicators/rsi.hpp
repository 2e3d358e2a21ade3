#pragma once
// RSI(n) with Wilder smoothing, seeded with the simple averages of the first
// n gains and losses; first value at index n (TA-Lib compatible).
//
// One deliberate difference from TA-Lib: TA-Lib treats gain+loss below 1e-8
// as zero and then reports RSI 0, which silently breaks on coins priced below
// a cent. Here only an exactly flat window is special, and it reads 50
// (neither side stronger).

#include <span>
#include <vector>

#include "indicators/moving_average.hpp"

namespace osprey::indicators {

class Rsi {
public:
    explicit Rsi(int period);

    double update(double close) {
        const double change = close - previous_;
        previous_ = close;
        const double gain = change > 0 ? change : 0.0;
        const double loss = change < 0 ? -change : 0.0;
        if (count_ > period_) [[likely]] {
            average_gain_ = smoothing_.step(average_gain_, gain);
            average_loss_ = smoothing_.step(average_loss_, loss);
            value_ = to_rsi(average_gain_, average_loss_);
            return value_;
        }
        return warm_up(gain, loss);
    }

    double value() const { return value_; }

    bool ready() const { return count_ > period_; }

    static double to_rsi(double average_gain, double average_loss) {
        const double total = average_gain + average_loss;
        return total == 0 ? 50.0 : 100.0 * (average_gain / total);
    }

private:
    double warm_up(double gain, double loss);

    int period_;
    Smoothing smoothing_;  // Wilder: weight 1/n
    int count_ = 0;        // closes seen
    double previous_ = 0;
    double average_gain_ = 0;
    double average_loss_ = 0;
    double value_ = no_value;
};

std::vector<double> rsi(std::span<const double> closes, int period);

}  // namespace osprey::indicators
