// What the HTML report draws: the display timeframe, merged candles, trade
// markers, equity and drawdown points, monthly returns and the overlays.

#include <chrono>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "app/html/chart_series.hpp"
#include "app/html/equity_series.hpp"
#include "app/html/overlays.hpp"
#include "indicators/moving_average.hpp"
#include "strategy/builtin/ema_cross.hpp"

namespace osprey::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

const Timestamp new_year = Timestamp::from_millis(1'704'067'200'000);  // 2024-01-01 UTC
const Timeframe one_minute(minutes(1));

std::vector<Candle> minutes_of(std::size_t count, Timeframe step = one_minute) {
    std::vector<Candle> bars;
    for (std::size_t i = 0; i < count; ++i) {
        const double price = 100 + static_cast<double>(i % 7);
        bars.push_back({new_year + step.span() * static_cast<int>(i), price, price + 2, price - 1,
                        price + 1, 10});
    }
    return bars;
}

TEST(DisplayTimeframe, IsTheSmallestWholeMultipleThatFitsTheBars) {
    EXPECT_EQ(display_timeframe(minutes_of(5000), one_minute), one_minute);
    EXPECT_EQ(display_timeframe(minutes_of(5001), one_minute), Timeframe(minutes(3)));
    EXPECT_EQ(display_timeframe(minutes_of(10'000), one_minute, 100), Timeframe(hours(2)));
    // 2m data skips 1m, 3m and 5m: not whole multiples, or finer.
    EXPECT_EQ(
        display_timeframe(minutes_of(3000, Timeframe(minutes(2))), Timeframe(minutes(2)), 500),
        Timeframe(minutes(30)));
}

TEST(DisplayCandles, MergeBarsAndKeepTheUnfinishedLastOne) {
    const std::vector<Candle> bars = minutes_of(7);
    const std::vector<Candle> merged = display_candles(bars, one_minute, Timeframe(minutes(3)));
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[1].open_time, bars[3].open_time);
    EXPECT_EQ(merged[1].open, bars[3].open);
    EXPECT_EQ(merged[1].close, bars[5].close);
    EXPECT_EQ(merged[1].high, 107);  // bars 3..5: prices 103, 104, 105
    EXPECT_EQ(merged[1].low, 102);
    EXPECT_EQ(merged[1].volume, 30);
    EXPECT_EQ(merged[2].open_time, bars[6].open_time);  // alone so far, still shown
}

TEST(TradeMarkers, SitOnTheDisplayBarOfEachFillInTimeOrder) {
    ClosedTrade late_long;
    late_long.entry_time = new_year + minutes(31);
    late_long.exit_time = new_year + hours(3);  // after the last display bar
    late_long.quantity = 2;
    late_long.pnl = 12.346;
    late_long.exit_reason = ExitReason::TakeProfit;
    ClosedTrade early_short;
    early_short.entry_time = new_year + minutes(1);
    early_short.exit_time = new_year + minutes(29);
    early_short.quantity = -1;
    early_short.pnl = -3;
    early_short.exit_reason = ExitReason::StopLoss;
    const std::vector<ClosedTrade> trades = {late_long, early_short};
    const std::vector<TradeMarker> markers =
        trade_markers(trades, Timeframe(minutes(15)), new_year + hours(2));
    ASSERT_EQ(markers.size(), 4u);
    EXPECT_EQ(markers[0].kind, MarkerKind::ShortEntry);
    EXPECT_EQ(markers[0].time, new_year);
    EXPECT_EQ(markers[1].kind, MarkerKind::ShortExit);
    EXPECT_EQ(markers[1].time, new_year + minutes(15));
    EXPECT_EQ(markers[1].text, "SL -3.00");
    EXPECT_EQ(markers[2].kind, MarkerKind::LongEntry);
    EXPECT_EQ(markers[2].time, new_year + minutes(30));
    EXPECT_EQ(markers[3].kind, MarkerKind::LongExit);
    EXPECT_EQ(markers[3].time, new_year + hours(2));  // clamped to the last bar
    EXPECT_EQ(markers[3].text, "TP +12.35");
}

TEST(EquityPoints, KeepTheLastEquityAndTheDeepestDrawdownOfEachDisplayBar) {
    const std::vector<Candle> bars = minutes_of(6);
    const std::vector<double> equity = {1000, 1050, 1020, 1100, 990, 1045};
    const std::vector<EquityPoint> points =
        equity_points({bars, equity, 1000, 1045}, Timeframe(minutes(3)));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].time, new_year);
    EXPECT_EQ(points[0].equity, 1020);
    EXPECT_DOUBLE_EQ(points[0].drawdown_pct, (1020.0 / 1050.0 - 1) * 100);
    EXPECT_EQ(points[1].time, new_year + minutes(3));
    EXPECT_EQ(points[1].equity, 1045);
    EXPECT_DOUBLE_EQ(points[1].drawdown_pct, -10);
}

TEST(MonthlyReturns, ChainMonthEndsFromTheStartingToTheFinalBalance) {
    std::vector<Candle> bars = minutes_of(4, Timeframe(days(1)));
    bars[0].open_time = new_year + days(30);  // 2024-01-31
    bars[1].open_time = new_year + days(31);  // 2024-02-01
    bars[2].open_time = new_year + days(59);  // 2024-02-29
    bars[3].open_time = new_year + days(60);  // 2024-03-01
    const std::vector<double> equity = {1100, 990, 1089, 1000};
    const std::vector<MonthlyReturn> months = monthly_returns({bars, equity, 1000, 1200});
    ASSERT_EQ(months.size(), 3u);
    EXPECT_EQ(months[0].year, 2024);
    EXPECT_EQ(months[0].month, 1u);
    EXPECT_NEAR(months[0].pct, 10, 1e-12);
    EXPECT_EQ(months[1].month, 2u);
    EXPECT_NEAR(months[1].pct, -1, 1e-12);
    EXPECT_EQ(months[2].month, 3u);
    EXPECT_NEAR(months[2].pct, (1200.0 / 1089.0 - 1) * 100, 1e-12);
}

TEST(Overlays, EmaCrossDrawsItsOwnEmasSampledAtEachDisplayClose) {
    strategy::Parameters parameters("ema_cross", strategy::builtin::ema_cross_parameters);
    ASSERT_TRUE(parameters.set("fast", 2.0));
    ASSERT_TRUE(parameters.set("slow", 4.0));
    const std::vector<Candle> bars = minutes_of(12);
    const std::vector<Candle> shown = display_candles(bars, one_minute, Timeframe(minutes(3)));
    const std::vector<Overlay> overlays =
        strategy_overlays(parameters, {bars, one_minute, shown, Timeframe(minutes(3))});
    ASSERT_EQ(overlays.size(), 2u);
    EXPECT_EQ(overlays[0].name, "EMA 2");
    EXPECT_EQ(overlays[1].name, "EMA 4");
    std::vector<double> closes;
    closes.reserve(bars.size());
    for (const Candle& bar : bars) {
        closes.push_back(bar.close);
    }
    const std::vector<double> slow = indicators::ema(closes, 4);
    ASSERT_EQ(overlays[1].values.size(), 4u);
    EXPECT_TRUE(std::isnan(overlays[1].values[0]));  // bar 2: inside the look-back
    EXPECT_EQ(overlays[1].values[1], slow[5]);       // each display bar's last minute
    EXPECT_EQ(overlays[1].values[3], slow[11]);
}

}  // namespace
}  // namespace osprey::app
