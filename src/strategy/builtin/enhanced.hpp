#pragma once
// enhanced: EMA-cross trend entries that read the market's regime and size
// by it (docs/strategies.md). The regime comes from where today's ATR % and
// Bollinger width % sit among their own last `lookback` values (percentile
// ranks): the higher of the two below `high_rank` is normal, below
// `extreme_rank` high, else extreme.
//   BUY  when the fast EMA crosses above the slow one, RSI is below
//        `rsi_max` and the regime is not extreme; full size in a normal
//        regime, `high_scale` of it in a high one;
//   SELL when the fast EMA crosses below the slow one, or the regime turns
//        extreme (get out of the storm).
// Trades on the data's timeframe.

#include <array>
#include <cstdint>
#include <memory>

#include "indicators/atr.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/moving_average.hpp"
#include "indicators/percentile_rank.hpp"
#include "indicators/rsi.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

enum class Regime : std::uint8_t { Normal, High, Extreme };

struct EnhancedSettings {
    double high_rank = 70;
    double extreme_rank = 90;
    double high_scale = 0.5;
    double rsi_max = 70;
};

struct EnhancedView {
    double fast = 0;
    double slow = 0;
    double previous_fast = 0;
    double previous_slow = 0;
    double rsi = 0;
    double atr_pct = 0;
    double atr_rank = 0;
    double width_pct = 0;
    double width_rank = 0;
    Regime previous_regime = Regime::Normal;
};

Regime regime_of(double atr_rank, double width_rank, const EnhancedSettings& settings);
void enhanced_rules(const EnhancedView& view, const EnhancedSettings& settings, Signal& signal);

class Enhanced final : public Strategy {
public:
    explicit Enhanced(const Parameters& parameters);

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override;

private:
    EnhancedSettings settings_;
    indicators::Ema fast_;
    indicators::Ema slow_;
    indicators::Rsi rsi_;
    indicators::Atr atr_;
    indicators::Bollinger bands_;
    indicators::PercentileRank atr_rank_;
    indicators::PercentileRank width_rank_;
    double previous_fast_ = indicators::no_value;
    double previous_slow_ = indicators::no_value;
    Regime previous_regime_ = Regime::Normal;
};

inline constexpr std::array<ParameterSpec, 9> enhanced_parameters = {{
    {"fast", ParameterKind::Integer, 12, 2, 200, "fast EMA"},
    {"slow", ParameterKind::Integer, 26, 3, 500, "slow EMA"},
    {"rsi_max", ParameterKind::Real, 70, 50, 95, "no entry with RSI at or above this"},
    {"atr_period", ParameterKind::Integer, 14, 2, 100, "ATR period"},
    {"bb_period", ParameterKind::Integer, 20, 5, 200, "Bollinger period (width)"},
    {"lookback", ParameterKind::Integer, 200, 20, 2000, "bars of history the ranks compare with"},
    {"high_rank", ParameterKind::Real, 70, 50, 99, "percentile rank where volatility is high"},
    {"extreme_rank", ParameterKind::Real, 90, 60, 100, "percentile rank where it is extreme"},
    {"high_scale", ParameterKind::Real, 0.5, 0.05, 1, "position size in a high regime"},
}};

Result<std::unique_ptr<Strategy>> make_enhanced(const Parameters& parameters);

inline constexpr StrategyInfo enhanced_info{
    "enhanced",
    "EMA-cross trend entries with volatility regimes (ATR % and Bollinger width ranks) "
    "scaling the size",
    enhanced_parameters,
    &make_enhanced,
};

}  // namespace osprey::strategy::builtin
