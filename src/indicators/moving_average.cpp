#include "indicators/moving_average.hpp"

namespace osprey::indicators {

Sma::Sma(int period) : window_(static_cast<std::size_t>(period)) {
    OSPREY_ASSERT(period >= 1, "SMA period must be at least 1");
}

double Sma::update(double value) {
    if (window_.full()) {
        sum_ += value - window_.oldest();
    } else {
        sum_ += value;
    }
    window_.push(value);
    value_ = window_.full() ? sum_ / static_cast<double>(window_.capacity()) : no_value;
    return value_;
}

std::vector<double> sma(std::span<const double> values, int period) {
    OSPREY_ASSERT(period >= 1, "SMA period must be at least 1");
    const auto n = static_cast<std::size_t>(period);
    std::vector<double> out(values.size(), no_value);
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        sum += i >= n ? values[i] - values[i - n] : values[i];
        if (i + 1 >= n) {
            out[i] = sum / static_cast<double>(n);
        }
    }
    return out;
}

std::vector<double> ema(std::span<const double> values, int period, EmaArithmetic arithmetic) {
    OSPREY_ASSERT(period >= 1, "EMA period must be at least 1");
    const auto n = static_cast<std::size_t>(period);
    const Smoothing smoothing(2.0 / (period + 1.0));
    std::vector<double> out(values.size(), no_value);
    if (values.size() < n) {
        return out;
    }
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += values[i];
    }
    double average = sum / period;
    out[n - 1] = average;
    for (std::size_t i = n; i < values.size(); ++i) {
        average = arithmetic == EmaArithmetic::ShortChain
                      ? smoothing.step(average, values[i])
                      : smoothing.step_ta_lib(average, values[i]);
        out[i] = average;
    }
    return out;
}

}  // namespace osprey::indicators
