#pragma once
// volatile: RSI + MACD + Bollinger bands, for any coin (docs/strategies.md).
//   BUY  when a close was at or below the lower band within the last
//        `band_bars` bars, RSI is at or below `rsi_low`, and both the close
//        and the MACD histogram are rising: a washed-out move turning up;
//   SELL the mirror: a close at or above the upper band within `band_bars`,
//        RSI at or above `rsi_high`, the close and the histogram falling.
// Trades on the data's timeframe.

#include <array>
#include <memory>

#include "indicators/bollinger.hpp"
#include "indicators/macd.hpp"
#include "indicators/rsi.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

struct VolatileSettings {
    double rsi_low = 40;
    double rsi_high = 60;
    int band_bars = 3;
};

// What the rules read on one closed bar.
struct VolatileView {
    double close = 0;
    double previous_close = 0;
    int bars_since_lower = 0;  // 0: this bar closed at or below the lower band
    int bars_since_upper = 0;
    double rsi = 0;
    indicators::BollingerValue bands;
    double histogram = 0;
    double previous_histogram = 0;
};

void volatile_rules(const VolatileView& view, const VolatileSettings& settings, Signal& signal);

class Volatile final : public Strategy {
public:
    explicit Volatile(const Parameters& parameters);

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override;

private:
    VolatileSettings settings_;
    indicators::Rsi rsi_;
    indicators::Bollinger bands_;
    indicators::Macd macd_;
    double previous_histogram_ = indicators::no_value;
    double previous_close_ = indicators::no_value;
    int bars_since_lower_ = 1'000'000;
    int bars_since_upper_ = 1'000'000;
};

inline constexpr std::array<ParameterSpec, 9> volatile_parameters = {{
    {"rsi_period", ParameterKind::Integer, 14, 2, 100, "RSI period"},
    {"rsi_low", ParameterKind::Real, 40, 5, 50, "RSI at or below which a buy may fire"},
    {"rsi_high", ParameterKind::Real, 60, 50, 95, "RSI at or above which a sell may fire"},
    {"band_bars", ParameterKind::Integer, 3, 1, 20, "bars a band touch stays fresh"},
    {"bb_period", ParameterKind::Integer, 20, 5, 200, "Bollinger period"},
    {"bb_deviations", ParameterKind::Real, 2, 0.5, 4, "Bollinger width in standard deviations"},
    {"macd_fast", ParameterKind::Integer, 12, 2, 50, "MACD fast EMA"},
    {"macd_slow", ParameterKind::Integer, 26, 3, 100, "MACD slow EMA"},
    {"macd_signal", ParameterKind::Integer, 9, 2, 50, "MACD signal EMA"},
}};

Result<std::unique_ptr<Strategy>> make_volatile(const Parameters& parameters);

inline constexpr StrategyInfo volatile_info{
    "volatile",
    "RSI + MACD + Bollinger: buy oversold at the lower band as MACD turns up, sell the mirror",
    volatile_parameters,
    &make_volatile,
};

}  // namespace osprey::strategy::builtin
