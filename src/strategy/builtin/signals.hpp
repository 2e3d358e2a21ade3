#pragma once
// signals: a signal generator of the "signal dashboard" kind
// (docs/strategies.md). Each bar it scores both sides from five pieces of
// evidence, weighted:
//   trend     0.30  fast EMA above (below) the slow EMA
//   price     0.15  close above (below) the fast EMA
//   momentum  0.20  RSI in 50–70 (30–50), half in 45–50 (50–55)
//   MACD      0.20  histogram above (below) zero and growing, half if only
//                   on the right side
//   volume    0.15  volume ≥ 1.2 × its average, half from 0.8 ×
// The score is the confidence (0–1). A side fires when its confidence rises
// through `min_confidence`, with quality premium ≥ 0.85, strong ≥ 0.75,
// standard ≥ 0.65, else weak; entry at the close, stop `stop_atr` ATRs away
// and targets at 1, 2 and 3 times that risk. Traded, a third exits at each
// target and the stop moves to break-even after the first.

#include <array>
#include <memory>

#include "indicators/atr.hpp"
#include "indicators/macd.hpp"
#include "indicators/moving_average.hpp"
#include "indicators/rsi.hpp"
#include "indicators/vwap.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

struct SignalsSettings {
    double min_confidence = 0.75;
    double stop_atr = 1.5;
};

struct SignalsView {
    double close = 0;
    double fast = 0;
    double slow = 0;
    double rsi = 0;
    double histogram = 0;
    double previous_histogram = 0;
    double volume_ratio = 0;
    double atr = 0;
};

// The confidence (0–1) of one side: +1 long, -1 short.
double signal_confidence(const SignalsView& view, int side);
Quality quality_of(double confidence);
void signals_rules(const SignalsView& view, const std::array<double, 2>& previous_confidence,
                   const SignalsSettings& settings, Signal& signal);

class Signals final : public Strategy {
public:
    explicit Signals(const Parameters& parameters);

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override;

private:
    SignalsSettings settings_;
    indicators::Ema fast_;
    indicators::Ema slow_;
    indicators::Rsi rsi_{14};
    indicators::Macd macd_{12, 26, 9};
    indicators::VolumeRatio volume_ratio_{20};
    indicators::Atr atr_;
    double previous_histogram_ = indicators::no_value;
    std::array<double, 2> previous_confidence_{1.0, 1.0};  // no signal on the first bar
};

inline constexpr std::array<ParameterSpec, 5> signals_parameters = {{
    {"fast", ParameterKind::Integer, 20, 2, 200, "fast EMA of the trend"},
    {"slow", ParameterKind::Integer, 50, 3, 500, "slow EMA of the trend"},
    {"atr_period", ParameterKind::Integer, 14, 2, 100, "ATR period (stop distance)"},
    {"stop_atr", ParameterKind::Real, 1.5, 0.2, 10, "stop distance in ATRs; targets at 1R, 2R, 3R"},
    {"min_confidence", ParameterKind::Real, 0.75, 0.3, 1, "confidence a side must rise through"},
}};

Result<std::unique_ptr<Strategy>> make_signals(const Parameters& parameters);

inline constexpr StrategyInfo signals_info{
    "signals",
    "scored signals with confidence, quality, entry, stop and TP1-TP3 (a third at each, "
    "then break-even)",
    signals_parameters,
    &make_signals,
};

}  // namespace osprey::strategy::builtin
