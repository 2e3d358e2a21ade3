#include "indicators/macd.hpp"

namespace osprey::indicators {

Macd::Macd(int fast, int slow, int signal)
    : fast_(fast), slow_(slow), signal_(signal), recent_(static_cast<std::size_t>(fast)) {
    OSPREY_ASSERT(fast < slow, "MACD needs a fast period shorter than the slow one");
}

MacdValue Macd::warm_up(double value) {
    recent_.push(value);
    slow_.update(value);
    if (!slow_.ready()) {
        return value_;
    }
    // Index slow-1: the fast EMA starts here, from the last `fast` values
    // summed oldest first (as TA-Lib does).
    double sum = 0;
    recent_.for_each([&sum](double recent) { sum += recent; });
    fast_.seed(sum / fast_.period());
    return advance(fast_.value() - slow_.value());
}

MacdSeries macd(std::span<const double> values, int fast, int slow, int signal) {
    OSPREY_ASSERT(fast >= 1 && fast < slow && signal >= 1, "MACD periods out of range");
    MacdSeries out{std::vector<double>(values.size(), no_value),
                   std::vector<double>(values.size(), no_value),
                   std::vector<double>(values.size(), no_value)};
    const auto first = static_cast<std::size_t>(slow - 1);
    if (values.size() <= first) {
        return out;
    }
    const std::vector<double> slow_line = ema(values, slow, EmaArithmetic::TaLibOrder);
    double fast_sum = 0;
    for (std::size_t i = first + 1 - static_cast<std::size_t>(fast); i <= first; ++i) {
        fast_sum += values[i];
    }
    const Smoothing fast_smoothing(2.0 / (fast + 1.0));
    double fast_average = fast_sum / fast;
    std::vector<double> line(values.size() - first);
    line[0] = fast_average - slow_line[first];
    for (std::size_t i = first + 1; i < values.size(); ++i) {
        fast_average = fast_smoothing.step_ta_lib(fast_average, values[i]);
        line[i - first] = fast_average - slow_line[i];
    }
    const std::vector<double> signal_line = ema(line, signal, EmaArithmetic::TaLibOrder);
    for (auto j = static_cast<std::size_t>(signal - 1); j < line.size(); ++j) {
        out.macd[first + j] = line[j];
        out.signal[first + j] = signal_line[j];
        out.histogram[first + j] = line[j] - signal_line[j];
    }
    return out;
}

}  // namespace osprey::indicators
