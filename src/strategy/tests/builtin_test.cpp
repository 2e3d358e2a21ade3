// The entry and exit rules of each built-in strategy (docs/strategies.md),
// on hand-made bars and indicator values: where each fires, and where it
// must not.

#include <string_view>

#include <gtest/gtest.h>

#include "strategy/builtin/enhanced.hpp"
#include "strategy/builtin/scalp.hpp"
#include "strategy/builtin/signals.hpp"
#include "strategy/builtin/simple.hpp"
#include "strategy/builtin/volatile.hpp"

namespace osprey::strategy::builtin {
namespace {

template <class View, class Settings, class Rules>
Signal said(const View& view, const Settings& settings, Rules rules) {
    Signal signal;
    rules(view, settings, signal);
    return signal;
}

bool has_feature(const Signal& signal, std::string_view name) {
    for (const Feature& f : signal.features) {
        if (f.name == name) {
            return true;
        }
    }
    return false;
}

// --- volatile -------------------------------------------------------------

VolatileView washed_out() {
    return VolatileView{95, 94, 1, 99, 35, indicators::BollingerValue{110, 100, 92}, -0.5, -0.8};
}

TEST(Volatile, BuysAFreshLowerBandTouchTurningUpWhenOversold) {
    const Signal s = said(washed_out(), VolatileSettings{}, volatile_rules);
    EXPECT_EQ(s.direction, Direction::Buy);
    EXPECT_TRUE(has_feature(s, "bb_position"));
}

TEST(Volatile, DoesNotBuyWithoutEveryCondition) {
    VolatileView v = washed_out();
    v.previous_histogram = -0.2;  // histogram still falling
    EXPECT_EQ(said(v, VolatileSettings{}, volatile_rules).direction, Direction::Hold);
    v = washed_out();
    v.rsi = 45;  // not oversold
    EXPECT_EQ(said(v, VolatileSettings{}, volatile_rules).direction, Direction::Hold);
    v = washed_out();
    v.bars_since_lower = 3;  // the touch is stale
    EXPECT_EQ(said(v, VolatileSettings{}, volatile_rules).direction, Direction::Hold);
    v = washed_out();
    v.previous_close = 96;  // the close still falling
    EXPECT_EQ(said(v, VolatileSettings{}, volatile_rules).direction, Direction::Hold);
}

TEST(Volatile, SellsTheMirror) {
    const VolatileView overbought{105, 106, 99, 0, 65, indicators::BollingerValue{104, 100, 90},
                                  0.5, 0.8};
    EXPECT_EQ(said(overbought, VolatileSettings{}, volatile_rules).direction, Direction::Sell);
    VolatileView rising = overbought;
    rising.previous_histogram = 0.2;
    EXPECT_EQ(said(rising, VolatileSettings{}, volatile_rules).direction, Direction::Hold);
}

// --- simple ---------------------------------------------------------------

TEST(Simple, BuysTheEndOfAPullbackInAnUpTrendOnly) {
    const SimpleView pullback_over{106, 105, 100, 46, 105, 100, 44};
    EXPECT_EQ(said(pullback_over, SimpleSettings{}, simple_rules).direction, Direction::Buy);
    SimpleView below_slow = pullback_over;
    below_slow.close = 99;
    EXPECT_EQ(said(below_slow, SimpleSettings{}, simple_rules).direction, Direction::Hold);
    SimpleView no_cross = pullback_over;
    no_cross.previous_rsi = 46;
    EXPECT_EQ(said(no_cross, SimpleSettings{}, simple_rules).direction, Direction::Hold);
}

TEST(Simple, SellsWhenTheTrendEndsOrRsiIsExhausted) {
    const SimpleView trend_end{98, 99, 100, 40, 101, 100, 42};
    EXPECT_EQ(said(trend_end, SimpleSettings{}, simple_rules).direction, Direction::Sell);
    SimpleView already_down = trend_end;
    already_down.previous_fast = 99.5;  // crossed earlier: no new signal
    EXPECT_EQ(said(already_down, SimpleSettings{}, simple_rules).direction, Direction::Hold);
    const SimpleView exhausted{120, 110, 100, 76, 109, 100, 74};
    EXPECT_EQ(said(exhausted, SimpleSettings{}, simple_rules).direction, Direction::Sell);
}

// --- enhanced -------------------------------------------------------------

EnhancedView crossing_up(double atr_rank, double width_rank) {
    EnhancedView v;
    v.fast = 101;
    v.slow = 100;
    v.previous_fast = 99;
    v.previous_slow = 100;
    v.rsi = 55;
    v.atr_rank = atr_rank;
    v.width_rank = width_rank;
    return v;
}

TEST(Enhanced, ReadsTheRegimeFromTheHigherRank) {
    const EnhancedSettings s;
    EXPECT_EQ(regime_of(50, 60, s), Regime::Normal);
    EXPECT_EQ(regime_of(75, 10, s), Regime::High);
    EXPECT_EQ(regime_of(10, 95, s), Regime::Extreme);
}

TEST(Enhanced, SizesByRegimeAndStaysOutOfExtremes) {
    const Signal normal = said(crossing_up(50, 50), EnhancedSettings{}, enhanced_rules);
    EXPECT_EQ(normal.direction, Direction::Buy);
    EXPECT_EQ(normal.size_scale, 1.0);
    const Signal high = said(crossing_up(80, 50), EnhancedSettings{}, enhanced_rules);
    EXPECT_EQ(high.direction, Direction::Buy);
    EXPECT_EQ(high.size_scale, 0.5);
    EnhancedView extreme = crossing_up(95, 50);
    extreme.previous_regime = Regime::Extreme;
    EXPECT_EQ(said(extreme, EnhancedSettings{}, enhanced_rules).direction, Direction::Hold);
    EnhancedView hot = crossing_up(50, 50);
    hot.rsi = 75;
    EXPECT_EQ(said(hot, EnhancedSettings{}, enhanced_rules).direction, Direction::Hold);
}

TEST(Enhanced, SellsOnACrossDownAndWhenVolatilityTurnsExtreme) {
    EnhancedView down = crossing_up(50, 50);
    std::swap(down.fast, down.previous_fast);  // fast 99 < 100 after 101 ≥ 100
    EXPECT_EQ(said(down, EnhancedSettings{}, enhanced_rules).direction, Direction::Sell);
    EnhancedView storm;
    storm.fast = storm.previous_fast = 101;
    storm.slow = storm.previous_slow = 100;
    storm.atr_rank = 95;
    EXPECT_EQ(said(storm, EnhancedSettings{}, enhanced_rules).direction, Direction::Sell);
    storm.previous_regime = Regime::Extreme;  // already extreme: said once
    EXPECT_EQ(said(storm, EnhancedSettings{}, enhanced_rules).direction, Direction::Hold);
}

// --- scalp ----------------------------------------------------------------

ScalpView long_pullback() {
    ScalpView v;
    v.bar = Candle{Timestamp{}, 100, 101, 99, 100.8, 10};  // body .4, lower wick .5, upper .1
    v.previous_close = 100;
    v.vwap = 100.5;  // 0.6 ATR below the close
    v.atr = 0.5;
    v.rsi = 55;
    v.macd_histogram = 0.01;
    v.bb_width_pct = 0.6;
    v.volume_ratio = 1.0;
    v.ema_fast = 100.6;
    v.ema_slow = 100.4;
    v.higher_trend = 1;
    v.swing_high = 102;
    v.swing_low = 98;
    return v;
}

TEST(Scalp, TakesAVwapPullbackLongWithItsStopTargetAndFeatures) {
    const Signal s = said(long_pullback(), ScalpSettings{}, scalp_rules);
    ASSERT_EQ(s.direction, Direction::Buy);
    EXPECT_DOUBLE_EQ(s.stop, 100.3);
    EXPECT_DOUBLE_EQ(s.take_profit[0], 100.8 + 2.1 * 0.5);
    for (const char* name :
         {"vwap_distance_atr", "volume_ratio", "bb_width_pct", "upper_wick_ratio",
          "lower_wick_ratio", "wick_delta", "body_ratio", "ema_alignment", "atr_pct", "rsi",
          "macd_hist", "fib_retracement", "fib_zone", "htf_trend"}) {
        EXPECT_TRUE(has_feature(s, name)) << name;
    }
}

TEST(Scalp, EachFilterCanStopALong) {
    const auto blocked = [](void (*change)(ScalpView&)) {
        ScalpView v = long_pullback();
        change(v);
        return said(v, ScalpSettings{}, scalp_rules).direction == Direction::Hold;
    };
    EXPECT_TRUE(blocked([](ScalpView& v) { v.higher_trend = -1; }));
    EXPECT_TRUE(blocked([](ScalpView& v) { v.ema_fast = 100.3; }));
    EXPECT_TRUE(blocked([](ScalpView& v) { v.volume_ratio = 0.5; }));
    EXPECT_TRUE(blocked([](ScalpView& v) { v.bb_width_pct = 0.3; }));
    EXPECT_TRUE(blocked([](ScalpView& v) { v.atr = 0.04; }));         // 0.04 % of the price
    EXPECT_TRUE(blocked([](ScalpView& v) { v.vwap = 99.7; }));        // 2.2 ATRs away
    EXPECT_TRUE(blocked([](ScalpView& v) { v.bar.low = 99.9; }));     // no rejection wick
    EXPECT_TRUE(blocked([](ScalpView& v) { v.bar.close = 100.4; }));  // body under 0.3 ...
}

TEST(Scalp, TakesAnOpeningRangeBreakoutOnlyOnTheBreakingBar) {
    ScalpView v = long_pullback();
    v.bar = Candle{Timestamp{}, 100.2, 101.1, 100.1, 101.0, 10};  // no lower wick to speak of
    v.vwap = 99.0;                                                // far from VWAP: not a pullback
    v.range_high = 100.9;
    v.range_low = 98;
    v.previous_close = 100.5;
    EXPECT_EQ(said(v, ScalpSettings{}, scalp_rules).direction, Direction::Buy);
    v.previous_close = 100.95;  // already above the range: not a new breakout
    EXPECT_EQ(said(v, ScalpSettings{}, scalp_rules).direction, Direction::Hold);
}

TEST(Scalp, ShortsMirrorLongs) {
    ScalpView v = long_pullback();
    v.bar = Candle{Timestamp{}, 100, 101, 99, 99.2, 10};  // upper wick .5, lower .1, body .4
    v.vwap = 99.5;
    v.ema_fast = 100.4;
    v.ema_slow = 100.6;
    v.higher_trend = -1;
    const Signal s = said(v, ScalpSettings{}, scalp_rules);
    ASSERT_EQ(s.direction, Direction::Sell);
    EXPECT_DOUBLE_EQ(s.stop, 99.7);
    EXPECT_DOUBLE_EQ(s.take_profit[0], 99.2 - 2.1 * 0.5);
}

// --- signals --------------------------------------------------------------

SignalsView strong_long() {
    return SignalsView{110, 105, 100, 60, 0.5, 0.3, 1.5, 2};
}

TEST(Signals, ScoresEvidenceIntoConfidenceAndQuality) {
    EXPECT_DOUBLE_EQ(signal_confidence(strong_long(), 1), 1.0);
    EXPECT_DOUBLE_EQ(signal_confidence(strong_long(), -1), 0.15);  // only the volume agrees
    SignalsView weaker = strong_long();
    weaker.volume_ratio = 0.9;  // volume half: 1 − 0.075
    EXPECT_DOUBLE_EQ(signal_confidence(weaker, 1), 0.925);
    EXPECT_EQ(quality_of(0.9), Quality::Premium);
    EXPECT_EQ(quality_of(0.8), Quality::Strong);
    EXPECT_EQ(quality_of(0.7), Quality::Standard);
    EXPECT_EQ(quality_of(0.6), Quality::Weak);
}

TEST(Signals, FiresWhenConfidenceRisesThroughTheThresholdWithThreeTargets) {
    Signal s;
    signals_rules(strong_long(), {0.5, 0.2}, SignalsSettings{}, s);
    ASSERT_EQ(s.direction, Direction::Buy);
    EXPECT_EQ(s.quality, Quality::Premium);
    EXPECT_DOUBLE_EQ(s.confidence, 1.0);
    EXPECT_EQ(s.entry, 110);
    EXPECT_EQ(s.stop, 110 - 1.5 * 2);
    EXPECT_EQ(s.take_profit[0], 113);
    EXPECT_EQ(s.take_profit[1], 116);
    EXPECT_EQ(s.take_profit[2], 119);
    Signal again;
    signals_rules(strong_long(), {0.9, 0.2}, SignalsSettings{}, again);  // already above
    EXPECT_EQ(again.direction, Direction::Hold);
}

}  // namespace
}  // namespace osprey::strategy::builtin
