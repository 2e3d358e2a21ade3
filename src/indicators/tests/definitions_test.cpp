// The definitions of DESIGN.md "Indicators", on series small enough to
// check by hand.

#include <cmath>

#include <gtest/gtest.h>

#include "indicators/bollinger.hpp"
#include "indicators/macd.hpp"
#include "indicators/rsi.hpp"
#include "indicators/vwap.hpp"

namespace osprey::indicators {
namespace {

TEST(Ema, SeedsWithSmaOfFirstNValuesThenSmoothsWithTwoOverNPlusOne) {
    Ema e(3);
    EXPECT_TRUE(std::isnan(e.update(1)));
    EXPECT_TRUE(std::isnan(e.update(2)));
    EXPECT_DOUBLE_EQ(e.update(3), 2.0);            // SMA of 1, 2, 3 at index n-1
    EXPECT_DOUBLE_EQ(e.update(6), 2.0 + 0.5 * 4);  // k = 2 / (3 + 1)
}

TEST(Rsi, SeedsWithAveragesOfFirstNChangesAndReadsFiftyWhenFlat) {
    Rsi r(2);
    EXPECT_TRUE(std::isnan(r.update(10)));
    EXPECT_TRUE(std::isnan(r.update(12)));                // +2
    EXPECT_DOUBLE_EQ(r.update(11), 100.0 * (1.0 / 1.5));  // gains 1, losses 0.5
    // Wilder: gain (1*1 + 0)/2 = 0.5, loss (0.5*1 + 1)/2 = 0.75
    EXPECT_DOUBLE_EQ(r.update(10), 100.0 * (0.5 / 1.25));
    Rsi flat(3);
    for (int i = 0; i < 4; ++i) {
        flat.update(5);
    }
    EXPECT_EQ(flat.value(), 50.0);
}

TEST(Macd, FirstOutputIsAtSlowPlusSignalMinusTwo) {
    Macd m(3, 5, 2);
    for (int i = 0; i < 6; ++i) {
        EXPECT_FALSE(m.ready()) << i;
        m.update(100 + i * i);
    }
    EXPECT_TRUE(m.ready());  // index 5 = 5 + 2 - 2
    EXPECT_NEAR(m.value().histogram, m.value().macd - m.value().signal, 1e-12);
}

TEST(Bollinger, UsesPopulationStandardDeviationAndStaysExactOnLargePrices) {
    Bollinger b(4, 2.0);
    BollingerValue v;
    for (const double x : {2.0, 4.0, 4.0, 6.0}) {
        v = b.update(x);
    }
    EXPECT_DOUBLE_EQ(v.middle, 4.0);
    EXPECT_DOUBLE_EQ(v.upper, 4.0 + 2.0 * std::sqrt(2.0));  // variance 8/4
    // A nearly constant price near 1e9: E[x²] − E[x]² would be all rounding.
    Bollinger big(3, 1.0);
    for (const double x : {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5}) {
        v = big.update(x);
    }
    EXPECT_NEAR(v.upper - v.middle, std::sqrt(2.0 / 3.0), 1e-6);
}

TEST(Vwap, ResetsAtEachUtcMidnight) {
    Vwap v;
    const auto day = std::chrono::days(1);
    const Timestamp midnight = Timestamp::from_millis(1'700'000'000'000).floor_to(day);
    v.update(Candle{midnight - std::chrono::hours(1), 1, 10, 10, 10, 5});
    EXPECT_DOUBLE_EQ(v.value(), 10);
    v.update(Candle{midnight, 1, 30, 30, 30, 1});  // a new session: 10 is forgotten
    EXPECT_DOUBLE_EQ(v.value(), 30);
    v.update(Candle{midnight + std::chrono::hours(1), 1, 60, 60, 60, 2});
    EXPECT_DOUBLE_EQ(v.value(), (30.0 + 120.0) / 3.0);
}

TEST(VolumeRatio, ComparesWithTheMeanOfThePreviousNBars) {
    VolumeRatio r(2);
    EXPECT_TRUE(std::isnan(r.update(10)));
    EXPECT_TRUE(std::isnan(r.update(30)));
    EXPECT_DOUBLE_EQ(r.update(40), 2.0);  // 40 / mean(10, 30)
    EXPECT_DOUBLE_EQ(r.update(35), 1.0);  // 35 / mean(30, 40)
}

}  // namespace
}  // namespace osprey::indicators
