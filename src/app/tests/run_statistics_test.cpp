// The report's statistics (average, best and worst trade, holding time,
// trades per day, CAGR, Calmar) on a hand-made run whose answers are known.

#include "app/run_statistics.hpp"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace osprey::app {
namespace {

using std::chrono::hours;

const Timestamp new_year = Timestamp::from_millis(1'704'067'200'000);  // 2024-01-01 UTC

ClosedTrade trade(hours entry, hours held, double cost, double pnl) {
    ClosedTrade t;
    t.entry_time = new_year + entry;
    t.exit_time = t.entry_time + held;
    t.entry_price = 100;
    t.exit_price = 100;
    t.quantity = 1;
    t.entry_cost = cost;
    t.pnl = pnl;
    return t;
}

engine::PerformanceSummary summary(std::size_t trades, double final_balance, double drawdown) {
    engine::PerformanceSummary s;
    s.trades = trades;
    s.starting_balance = 1000;
    s.final_balance = final_balance;
    s.max_drawdown_pct = drawdown;
    return s;
}

// 73.05 days: a fifth of a year of 365.25 days.
const Duration fifth_of_a_year = std::chrono::seconds(73 * 86'400 + 4'320);

TEST(RunStatistics, AveragesBestWorstAndHoldingTimeComeFromTheTrades) {
    const std::vector<ClosedTrade> trades = {
        trade(hours(0), hours(6), 100, 10),    // +10%
        trade(hours(24), hours(12), 200, -5),  // -2.5%
        trade(hours(48), hours(24), 50, 2),    // +4%
    };
    const RunStatistics s = run_statistics(trades, summary(3, 1100, 5), fifth_of_a_year);
    ASSERT_TRUE(s.average_trade_pnl && s.average_trade_pct && s.best_trade_pct && s.worst_trade_pct
                && s.average_holding_hours);
    EXPECT_DOUBLE_EQ(*s.average_trade_pnl, 7.0 / 3.0);
    EXPECT_DOUBLE_EQ(*s.average_trade_pct, 11.5 / 3.0);
    EXPECT_DOUBLE_EQ(*s.best_trade_pct, 10);
    EXPECT_DOUBLE_EQ(*s.worst_trade_pct, -2.5);
    EXPECT_DOUBLE_EQ(*s.average_holding_hours, 14);
    EXPECT_NEAR(s.trades_per_day, 3 / 73.05, 1e-12);
}

TEST(RunStatistics, CagrCompoundsTheReturnToAYearAndCalmarDividesByTheDrawdown) {
    // +10% in a fifth of a year is 1.1^5 - 1 = +61.051% a year.
    const RunStatistics s = run_statistics({}, summary(0, 1100, 5), fifth_of_a_year);
    ASSERT_TRUE(s.cagr_pct && s.calmar);
    EXPECT_NEAR(*s.cagr_pct, 61.051, 1e-9);
    EXPECT_NEAR(*s.calmar, 61.051 / 5, 1e-9);
    // A loss compounds down: -10% in a fifth of a year is 0.9^5 - 1.
    const RunStatistics loss = run_statistics({}, summary(0, 900, 12), fifth_of_a_year);
    ASSERT_TRUE(loss.cagr_pct && loss.calmar);
    EXPECT_NEAR(*loss.cagr_pct, -40.951, 1e-9);
    EXPECT_NEAR(*loss.calmar, -40.951 / 12, 1e-9);
}

TEST(RunStatistics, UndefinedFiguresAreEmptyNotInfinite) {
    const RunStatistics none = run_statistics({}, summary(0, 1000, 0), fifth_of_a_year);
    EXPECT_FALSE(none.average_trade_pnl || none.best_trade_pct || none.average_holding_hours);
    EXPECT_EQ(none.trades_per_day, 0);
    ASSERT_TRUE(none.cagr_pct);
    EXPECT_EQ(*none.cagr_pct, 0);
    EXPECT_FALSE(none.calmar);  // no drawdown to divide by
    // Doubling in an hour compounds past what a double holds.
    const RunStatistics lucky = run_statistics({}, summary(1, 2000, 1), hours(1));
    EXPECT_FALSE(lucky.cagr_pct || lucky.calmar);
    EXPECT_EQ(lucky.trades_per_day, 24);
    // No time at all: nothing per day or per year.
    const RunStatistics instant = run_statistics({}, summary(1, 1100, 1), Duration(0));
    EXPECT_FALSE(instant.cagr_pct);
    EXPECT_EQ(instant.trades_per_day, 0);
}

TEST(RunStatistics, HoldingTimeReadsInHoursThenDays) {
    EXPECT_EQ(holding_time_text(std::nullopt), "n/a");
    EXPECT_EQ(holding_time_text(5.26), "5.3 h");
    EXPECT_EQ(holding_time_text(72), "3.0 days");
}

}  // namespace
}  // namespace osprey::app
