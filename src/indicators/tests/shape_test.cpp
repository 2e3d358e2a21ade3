#include <gtest/gtest.h>

#include "indicators/candle_shape.hpp"
#include "indicators/percentile_rank.hpp"
#include "indicators/swing.hpp"

namespace osprey::indicators {
namespace {

Candle candle(double open, double high, double low, double close) {
    return Candle{Timestamp{}, open, high, low, close, 1};
}

TEST(CandleShape, WicksAndBodyAreFractionsOfTheRange) {
    const CandleShape hammer = candle_shape(candle(10, 10.5, 6, 10));  // range 4.5
    EXPECT_DOUBLE_EQ(hammer.upper_wick, 0.5 / 4.5);
    EXPECT_DOUBLE_EQ(hammer.lower_wick, 4 / 4.5);
    EXPECT_DOUBLE_EQ(hammer.body, 0);
    const CandleShape flat = candle_shape(candle(5, 5, 5, 5));
    EXPECT_EQ(flat.body, 0);
}

TEST(Swing, TracksTheWindowAndItsFibonacciZone) {
    Swing swing(3);
    swing.update(candle(10, 12, 9, 11));
    swing.update(candle(11, 20, 10, 19));
    EXPECT_FALSE(swing.ready());
    swing.update(candle(19, 19, 15, 16));
    EXPECT_TRUE(swing.ready());
    EXPECT_EQ(swing.high(), 20);
    EXPECT_EQ(swing.low(), 9);
    swing.update(candle(16, 17, 14, 15));  // the 9 low leaves the window
    EXPECT_EQ(swing.low(), 10);
    EXPECT_DOUBLE_EQ(swing.retracement_from_high(15), 0.5);
    EXPECT_EQ(fibonacci_zone(0.1), 0);
    EXPECT_EQ(fibonacci_zone(0.3), 1);
    EXPECT_EQ(fibonacci_zone(0.45), 2);
    EXPECT_EQ(fibonacci_zone(0.5), 3);
    EXPECT_EQ(fibonacci_zone(0.9), 5);
}

TEST(PercentileRank, IsTheShareOfTheWindowAtOrBelowTheLatest) {
    PercentileRank rank(4);
    rank.update(3);
    rank.update(1);
    EXPECT_FALSE(rank.ready());
    rank.update(4);
    EXPECT_DOUBLE_EQ(rank.update(2), 50.0);  // 1 and 2 of {3, 1, 4, 2}
    EXPECT_DOUBLE_EQ(rank.update(9), 100.0);
}

}  // namespace
}  // namespace osprey::indicators
