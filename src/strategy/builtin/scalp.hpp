#pragma once
// scalp: VWAP pullbacks and opening-range-breakout continuations on 3m
// candles, aligned with the 15m trend, long and short (docs/strategies.md).
//
// The 15m trend is up when its EMA(8) is above its EMA(21), down when below.
// A long needs, on the closing 3m bar: the 15m trend up, EMA(8) > EMA(21) on
// 3m, ATR ≥ `atr_pct_min` % of the price, Bollinger width ≥ `bb_width_min` %,
// volume ≥ `volume_ratio_min` × the 20-bar average, a bullish body of at
// least `body_ratio_min` of the range; and then either
//   - a VWAP pullback: the close above the session VWAP by at most
//     `vwap_atr_max` ATRs, a lower wick of at least `wick_ratio_min` and at
//     least `wick_delta_min` longer than the upper one; or
//   - an opening-range breakout: the first close above the high of the
//     session's first `opening_range_bars` bars.
// Shorts mirror every rule. Stop `stop_atr` ATRs away, target
// `reward_risk` times the risk.

#include <array>
#include <memory>
#include <optional>

#include "indicators/atr.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/candle_shape.hpp"
#include "indicators/macd.hpp"
#include "indicators/moving_average.hpp"
#include "indicators/rsi.hpp"
#include "indicators/swing.hpp"
#include "indicators/vwap.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

struct ScalpSettings {
    double vwap_atr_max = 1.5;
    double volume_ratio_min = 0.8;
    double bb_width_min = 0.45;
    double wick_delta_min = 0.10;
    double wick_ratio_min = 0.25;
    double body_ratio_min = 0.30;
    double atr_pct_min = 0.05;
    double reward_risk = 2.1;
    double stop_atr = 1.0;
};

struct ScalpView {
    Candle bar;
    double previous_close = 0;
    double vwap = 0;
    double atr = 0;
    double rsi = 0;
    double macd_histogram = 0;
    double bb_width_pct = 0;
    double volume_ratio = 0;
    double ema_fast = 0;
    double ema_slow = 0;
    int higher_trend = 0;  // +1 up, -1 down, 0 unknown
    double swing_high = 0;
    double swing_low = 0;
    std::optional<double> range_high;  // the opening range, once complete
    std::optional<double> range_low;
};

void scalp_rules(const ScalpView& view, const ScalpSettings& settings, Signal& signal);

class Scalp final : public Strategy {
public:
    explicit Scalp(const Parameters& parameters);

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override;
    std::vector<Timeframe> timeframes() const override;

private:
    void on_trend_bar(const Candle& bar);
    void track_opening_range(const Candle& bar);

    ScalpSettings settings_;
    int opening_range_bars_;
    // 15m
    indicators::Ema trend_fast_{8};
    indicators::Ema trend_slow_{21};
    int higher_trend_ = 0;
    // 3m
    indicators::Vwap vwap_;
    indicators::Atr atr_{14};
    indicators::Rsi rsi_{14};
    indicators::Macd macd_{12, 26, 9};
    indicators::Bollinger bands_{20, 2.0};
    indicators::VolumeRatio volume_ratio_{20};
    indicators::Ema fast_{8};
    indicators::Ema slow_{21};
    indicators::Swing swing_;
    double previous_close_ = indicators::no_value;
    std::optional<Timestamp> session_;
    int session_bars_ = 0;
    double range_high_ = 0;
    double range_low_ = 0;
};

inline constexpr std::array<ParameterSpec, 11> scalp_parameters = {{
    {"vwap_atr_max", ParameterKind::Real, 1.5, 0.1, 5,
     "VWAP pullback: farthest close from VWAP, in ATRs"},
    {"volume_ratio_min", ParameterKind::Real, 0.8, 0, 10,
     "volume over its 20-bar average, at least"},
    {"bb_width_min", ParameterKind::Real, 0.45, 0, 10, "Bollinger width, % of the price, at least"},
    {"wick_delta_min", ParameterKind::Real, 0.10, 0, 1,
     "rejection wick minus the other, share of the range"},
    {"wick_ratio_min", ParameterKind::Real, 0.25, 0, 1,
     "rejection wick, share of the range, at least"},
    {"body_ratio_min", ParameterKind::Real, 0.30, 0, 1, "body, share of the range, at least"},
    {"atr_pct_min", ParameterKind::Real, 0.05, 0, 5, "ATR(14), % of the price, at least"},
    {"reward_risk", ParameterKind::Real, 2.1, 0.5, 10, "target distance over stop distance"},
    {"stop_atr", ParameterKind::Real, 1.0, 0.2, 5, "stop distance in ATRs"},
    {"opening_range_bars", ParameterKind::Integer, 10, 1, 100,
     "3m bars that make the session's opening range"},
    {"swing_bars", ParameterKind::Integer, 20, 5, 200,
     "3m bars of the swing the Fibonacci zone measures"},
}};

Result<std::unique_ptr<Strategy>> make_scalp(const Parameters& parameters);

inline constexpr StrategyInfo scalp_info{
    "scalp",
    "3m VWAP pullbacks and opening-range breakouts with the 15m trend, long and short",
    scalp_parameters,
    &make_scalp,
};

}  // namespace osprey::strategy::builtin
