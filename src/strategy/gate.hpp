#pragma once
// The rules gate (DESIGN.md "Data flow": signal → gates → sizing): plain
// conditions over a signal's named features, per side, checked before any
// order. A blocked signal names the rule that blocked it, so a trader can
// see what the gate costs them (and the learning layer can follow it as a
// phantom trade).
//
// A rule that is set needs its feature: a signal without it is blocked by
// that rule, never waved through.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/side.hpp"
#include "core/signal.hpp"

namespace osprey::strategy {

// The feature names the gate reads (the scalp strategy's names).
namespace gate_feature {
inline constexpr std::string_view rsi = "rsi";
inline constexpr std::string_view macd_hist = "macd_hist";
inline constexpr std::string_view vwap_distance_atr = "vwap_distance_atr";
inline constexpr std::string_view fib_zone = "fib_zone";
inline constexpr std::string_view volume_ratio = "volume_ratio";
inline constexpr std::string_view wick_delta = "wick_delta";
inline constexpr std::string_view lower_wick_ratio = "lower_wick_ratio";
inline constexpr std::string_view upper_wick_ratio = "upper_wick_ratio";
inline constexpr std::string_view atr_pct = "atr_pct";
inline constexpr std::string_view bb_width_pct = "bb_width_pct";
inline constexpr std::string_view htf_trend = "htf_trend";
}  // namespace gate_feature

// Fibonacci retracement zones, as indicators::fibonacci_zone numbers them.
inline constexpr std::array<std::string_view, 6> fibonacci_zone_names{
    "0-23.6", "23.6-38.2", "38.2-50", "50-61.8", "61.8-78.6", "78.6-100"};

struct ValueRange {
    double min = 0;
    double max = 0;
};

// The rules for one side; an unset rule is not checked.
struct SideRules {
    std::optional<ValueRange> rsi;
    // The histogram's sign must agree with the side (positive for a long)
    // and its size reach this.
    std::optional<double> macd_hist_min;
    std::optional<double> vwap_distance_max_atr;   // |close − VWAP| in ATRs
    std::optional<std::array<bool, 6>> fib_zones;  // allowed zones
    std::optional<double> volume_ratio_min;
    // The wick on the side's own end (lower for a long) must dominate the
    // other by this much of the range, and be at least wick_ratio_min of it.
    std::optional<double> wick_delta_min;
    std::optional<double> wick_ratio_min;
    std::optional<double> atr_pct_min;
    std::optional<double> bb_width_min;  // (upper − lower) / middle, a fraction
    bool higher_timeframe_aligned = false;
};

struct RulesGate {
    SideRules long_side;
    SideRules short_side;

    // The "pro rules" defaults: long RSI 40–60, short RSI 35–55, MACD
    // agreeing with |hist| ≥ 0.0003, VWAP distance ≤ 1.3 ATR, Fibonacci
    // zones 23.6–61.8, volume ratio ≥ 1.5, wick delta ≥ 0.10 and ratio ≥
    // 0.25, ATR ≥ 0.05 %, BB width ≥ 0.010, higher timeframe aligned.
    static RulesGate pro();
};

// Which rule blocked a signal, with the value it saw (NaN: the feature was
// missing). An empty rule means the signal passed.
struct GateVerdict {
    std::string_view rule;
    double value = 0;

    bool passed() const { return rule.empty(); }
};

GateVerdict check(const RulesGate& gate, const Signal& signal);

// "rsi 63.2 is outside 40-60 (long)": for reports, not the hot path.
std::string describe(const RulesGate& gate, const GateVerdict& verdict, PositionSide side);

}  // namespace osprey::strategy
