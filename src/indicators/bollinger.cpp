#include "indicators/bollinger.hpp"

#include <cmath>

namespace osprey::indicators {

namespace {

// The exact mean and M2 of a window, two passes, oldest value first.
template <class ForEach>
void recompute(ForEach&& for_each, double count, double& mean, double& squares) {
    double sum = 0;
    for_each([&sum](double v) { sum += v; });
    mean = sum / count;
    squares = 0;
    for_each([&squares, m = mean](double v) { squares += (v - m) * (v - m); });
}

BollingerValue bands(double mean, double squares, double count, double deviations) {
    const double spread = deviations * std::sqrt(squares > 0 ? squares / count : 0.0);
    return BollingerValue{mean + spread, mean, mean - spread};
}

}  // namespace

Bollinger::Bollinger(int period, double deviations)
    : window_(static_cast<std::size_t>(period)), deviations_(deviations) {
    OSPREY_ASSERT(period >= 1, "Bollinger period must be at least 1");
}

BollingerValue Bollinger::update(double value) {
    const auto count = static_cast<double>(window_.capacity());
    if (window_.full()) {
        const double old = window_.oldest();
        const double old_mean = mean_;
        mean_ += (value - old) / count;
        squares_ += (value - old) * (value - mean_ + old - old_mean);
    }
    window_.push(value);
    if (!window_.full()) {
        return value_;
    }
    if (window_.wrapped()) {
        recompute([this](auto visit) { window_.for_each(visit); }, count, mean_, squares_);
    }
    value_ = bands(mean_, squares_, count, deviations_);
    return value_;
}

BollingerSeries bollinger(std::span<const double> values, int period, double deviations) {
    OSPREY_ASSERT(period >= 1, "Bollinger period must be at least 1");
    const auto n = static_cast<std::size_t>(period);
    const auto count = static_cast<double>(n);
    BollingerSeries out{std::vector<double>(values.size(), no_value),
                        std::vector<double>(values.size(), no_value),
                        std::vector<double>(values.size(), no_value)};
    double mean = 0;
    double squares = 0;
    for (std::size_t i = n - 1; i < values.size(); ++i) {
        if (i >= n) {
            const double old = values[i - n];
            const double old_mean = mean;
            mean += (values[i] - old) / count;
            squares += (values[i] - old) * (values[i] - mean + old - old_mean);
        }
        if ((i + 1) % n == 0) {  // the streaming ring completes a lap here
            const std::span<const double> window = values.subspan(i + 1 - n, n);
            recompute(
                [window](auto visit) {
                    for (const double v : window) {
                        visit(v);
                    }
                },
                count, mean, squares);
        }
        const BollingerValue b = bands(mean, squares, count, deviations);
        out.upper[i] = b.upper;
        out.middle[i] = b.middle;
        out.lower[i] = b.lower;
    }
    return out;
}

}  // namespace osprey::indicators
