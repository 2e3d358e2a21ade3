#include "indicators/rsi.hpp"

namespace osprey::indicators {

Rsi::Rsi(int period) : period_(period), smoothing_(1.0 / period) {
    OSPREY_ASSERT(period >= 1, "RSI period must be at least 1");
}

double Rsi::warm_up(double gain, double loss) {
    // The first close has no change; the next n changes are summed.
    if (count_++ == 0) {
        return value_;
    }
    average_gain_ += gain;
    average_loss_ += loss;
    if (count_ > period_) {
        average_gain_ /= period_;
        average_loss_ /= period_;
        value_ = to_rsi(average_gain_, average_loss_);
    }
    return value_;
}

std::vector<double> rsi(std::span<const double> closes, int period) {
    OSPREY_ASSERT(period >= 1, "RSI period must be at least 1");
    const auto n = static_cast<std::size_t>(period);
    std::vector<double> out(closes.size(), no_value);
    if (closes.size() <= n) {
        return out;
    }
    double gain_sum = 0;
    double loss_sum = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const double change = closes[i] - closes[i - 1];
        gain_sum += change > 0 ? change : 0.0;
        loss_sum += change < 0 ? -change : 0.0;
    }
    const Smoothing wilder(1.0 / period);
    double average_gain = gain_sum / period;
    double average_loss = loss_sum / period;
    out[n] = Rsi::to_rsi(average_gain, average_loss);
    for (std::size_t i = n + 1; i < closes.size(); ++i) {
        const double change = closes[i] - closes[i - 1];
        average_gain = wilder.step(average_gain, change > 0 ? change : 0.0);
        average_loss = wilder.step(average_loss, change < 0 ? -change : 0.0);
        out[i] = Rsi::to_rsi(average_gain, average_loss);
    }
    return out;
}

}  // namespace osprey::indicators
