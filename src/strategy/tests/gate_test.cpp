#include "strategy/gate.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace osprey::strategy {
namespace {

// A long that every pro rule lets through.
Signal good_long() {
    Signal s;
    s.direction = Direction::Buy;
    s.features.add("rsi", 50);
    s.features.add("macd_hist", 0.0005);
    s.features.add("vwap_distance_atr", -0.8);
    s.features.add("fib_zone", 2);
    s.features.add("volume_ratio", 1.8);
    s.features.add("wick_delta", 0.2);
    s.features.add("lower_wick_ratio", 0.35);
    s.features.add("upper_wick_ratio", 0.15);
    s.features.add("atr_pct", 0.12);
    s.features.add("bb_width_pct", 1.4);
    s.features.add("htf_trend", 1);
    return s;
}

// The same signal with one feature changed.
Signal with(Signal s, std::string_view name, double value) {
    Signal out;
    out.direction = s.direction;
    for (const Feature& f : s.features) {
        out.features.add(f.name, f.name == name ? value : f.value);
    }
    return out;
}

TEST(RulesGate, ProRulesPassAGoodLongAndHoldIsNeverBlocked) {
    EXPECT_TRUE(check(RulesGate::pro(), good_long()).passed());
    EXPECT_TRUE(check(RulesGate::pro(), Signal{}).passed());
}

TEST(RulesGate, EachProRuleBlocksAndNamesItself) {
    const RulesGate pro = RulesGate::pro();

    const struct {
        std::string_view feature;
        double value;
        std::string_view rule;
    } cases[] = {
        {"rsi", 61, "rsi"},
        {"rsi", 39.9, "rsi"},
        {"macd_hist", -0.0005, "macd_hist"},  // against the side
        {"macd_hist", 0.0002, "macd_hist"},   // too small
        {"vwap_distance_atr", 1.31, "vwap_distance_atr"},
        {"vwap_distance_atr", -1.4, "vwap_distance_atr"},
        {"fib_zone", 0, "fib_zone"},
        {"fib_zone", 4, "fib_zone"},
        {"volume_ratio", 1.49, "volume_ratio"},
        {"wick_delta", 0.09, "wick_delta"},
        {"lower_wick_ratio", 0.24, "wick_ratio"},
        {"atr_pct", 0.049, "atr_pct"},
        {"bb_width_pct", 0.99, "bb_width"},
        {"htf_trend", -1, "higher_timeframe"},
    };

    for (const auto& c : cases) {
        const GateVerdict verdict = check(pro, with(good_long(), c.feature, c.value));
        EXPECT_EQ(verdict.rule, c.rule) << c.feature << "=" << c.value;
        EXPECT_EQ(verdict.value, c.rule == "bb_width" ? c.value / 100 : c.value) << c.feature;
    }
    // The upper wick is the long's other end: it does not count as its own.
    EXPECT_TRUE(check(pro, with(good_long(), "upper_wick_ratio", 0.0)).passed());
}

TEST(RulesGate, ShortsHaveTheirOwnMirroredRules) {
    const RulesGate pro = RulesGate::pro();
    Signal s = good_long();
    s.direction = Direction::Sell;
    // RSI 50 is inside 35–55, but the long's MACD, wick and trend are against a short.
    EXPECT_EQ(check(pro, s).rule, "macd_hist");
    s = with(s, "macd_hist", -0.0005);
    s = with(s, "upper_wick_ratio", 0.35);
    s = with(s, "htf_trend", -1);
    EXPECT_TRUE(check(pro, s).passed());
    EXPECT_EQ(check(pro, with(s, "rsi", 57)).rule, "rsi");  // a long could, a short not
}

TEST(RulesGate, AMissingFeatureBlocksInsteadOfPassing) {
    Signal bare;
    bare.direction = Direction::Buy;
    const GateVerdict verdict = check(RulesGate::pro(), bare);
    EXPECT_EQ(verdict.rule, "rsi");
    EXPECT_TRUE(std::isnan(verdict.value));
    EXPECT_NE(describe(RulesGate::pro(), verdict, PositionSide::Long).find("no such feature"),
              std::string::npos);
    // An empty gate checks nothing.
    EXPECT_TRUE(check(RulesGate{}, bare).passed());
}

TEST(RulesGate, DescribesWhatItSawAndWanted) {
    const RulesGate pro = RulesGate::pro();
    const GateVerdict verdict = check(pro, with(good_long(), "rsi", 63.2));
    EXPECT_EQ(describe(pro, verdict, PositionSide::Long), "rsi 63.2 outside 40-60 (long)");
}

}  // namespace
}  // namespace osprey::strategy
