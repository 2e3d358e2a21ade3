#include <gtest/gtest.h>

#include "risk/exit_plan.hpp"
#include "risk/position.hpp"
#include "risk/sizing.hpp"

namespace osprey::risk {
namespace {

TEST(FloorToStep, AbsorbsBinaryRoundingButNeverRoundsUp) {
    EXPECT_EQ(floor_to_step(0.3, 0.1), 3 * 0.1);  // 0.3/0.1 = 2.9999999999999996
    EXPECT_EQ(floor_to_step(0.29999, 0.1), 2 * 0.1);
    EXPECT_EQ(floor_to_step(1.23456789, 0.001), 1234 * 0.001);
    EXPECT_EQ(floor_to_step(0.00099, 0.001), 0.0);
}

TEST(QuantityForCash, PaysTheFeeOnTopAndFloorsToTheStep) {
    // 1000 / (100 × 1.001) = 9.99000999… → 9.99 at step 0.01
    EXPECT_DOUBLE_EQ(quantity_for_cash(1000, 100, 0.001, 0.01), 9.99);
    EXPECT_LE(quantity_for_cash(1000, 100, 0.001, 0.01) * 100 * 1.001, 1000);
}

TEST(ExitPlan, RuleLevelsAreFractionsOfTheEntryAndZeroDisablesThem) {
    const ExitPlan both = plan_from_rule(ExitRule{2, 5, 0});
    EXPECT_DOUBLE_EQ(stop_price(200, both.stop_fraction, PositionSide::Long), 196);
    EXPECT_DOUBLE_EQ(target_price(200, both.target_fractions[0], PositionSide::Long), 210);
    EXPECT_DOUBLE_EQ(stop_price(200, both.stop_fraction, PositionSide::Short), 204);
    EXPECT_DOUBLE_EQ(target_price(200, both.target_fractions[0], PositionSide::Short), 190);
    EXPECT_EQ(both.target_count, 1u);
    const ExitPlan none = plan_from_rule(ExitRule{0, 0, 0});
    EXPECT_EQ(none.stop_fraction, 0);
    EXPECT_EQ(none.target_count, 0u);
}

TEST(ExitPlan, SignalLevelsBecomeFractionsOfTheirReferenceAndThreeTargetsMoveTheStop) {
    Signal signal;
    signal.stop = 95;
    signal.take_profit = {105, 110, 115};
    const ExitPlan plan = plan_for_signal(signal, 100, PositionSide::Long, ExitRule{2, 5, 0});
    EXPECT_DOUBLE_EQ(plan.stop_fraction, 0.05);
    ASSERT_EQ(plan.target_count, 3u);
    EXPECT_DOUBLE_EQ(plan.target_fractions[2], 0.15);
    EXPECT_EQ(plan.after_first_target, AfterFirstTarget::StopToBreakEven);
    // A short's stop is above and its targets below; levels on the wrong
    // side are ignored and the rule fills in.
    Signal short_signal;
    short_signal.stop = 90;  // below a short's entry: meaningless
    short_signal.take_profit[0] = 80;
    const ExitPlan mirrored =
        plan_for_signal(short_signal, 100, PositionSide::Short, ExitRule{2, 5, 0});
    EXPECT_DOUBLE_EQ(mirrored.stop_fraction, 0.02);
    EXPECT_DOUBLE_EQ(mirrored.target_fractions[0], 0.2);
    EXPECT_EQ(mirrored.after_first_target, AfterFirstTarget::KeepStop);
}

TEST(Position, BecomesATradeWithPnlAfterFees) {
    Position position;
    Fill buy{{}, Side::Buy, Timestamp::from_millis(1), 100, 2, 200.2, 0.2, ExitReason::Signal};
    position.open(buy, PositionSide::Long);
    EXPECT_TRUE(position.is_open());
    Fill sell{{},     Side::Sell, Timestamp::from_millis(2), 110, 2,
              219.78, 0.22,       ExitReason::TakeProfit};
    const ClosedTrade trade = position.reduce(sell);
    EXPECT_FALSE(position.is_open());
    EXPECT_DOUBLE_EQ(trade.pnl, 219.78 - 200.2);
    EXPECT_EQ(trade.exit_reason, ExitReason::TakeProfit);
    EXPECT_EQ(trade.entry_time.millis(), 1);
}

TEST(Position, ClosesInPartsAndShortsMirrorLongs) {
    Position position;
    // Short 3 at 100 with a 1% fee: 303 locked.
    position.open(
        Fill{{}, Side::Sell, Timestamp::from_millis(1), 100, 3, 303, 3, ExitReason::Signal},
        PositionSide::Short);
    EXPECT_DOUBLE_EQ(position.value_at(90), 3 * 110);  // 2 × entry − price, per unit
    // Buy back 1 at 90: returns 110 − 0.9 fee.
    const ClosedTrade first = position.reduce(
        Fill{{}, Side::Buy, Timestamp::from_millis(2), 90, 1, 109.1, 0.9, ExitReason::TakeProfit});
    EXPECT_DOUBLE_EQ(first.entry_cost, 101);
    EXPECT_DOUBLE_EQ(first.pnl, 109.1 - 101);  // 10 gained less 2 fees of ~1
    EXPECT_EQ(first.quantity, -1);             // shorts print negative
    EXPECT_DOUBLE_EQ(position.quantity(), 2);
    const ClosedTrade rest = position.reduce(
        Fill{{}, Side::Buy, Timestamp::from_millis(3), 100, 2, 198, 2, ExitReason::End});
    EXPECT_DOUBLE_EQ(rest.entry_cost, 202);
    EXPECT_FALSE(position.is_open());
}

TEST(PositionDeathTest, ASellWhileFlatIsABug) {
    Position position;
    Fill sell{{}, Side::Sell, Timestamp::from_millis(2), 110, 2, 219.78, 0.22, ExitReason::Signal};
    EXPECT_DEATH(position.reduce(sell), "an exit fill arrived while flat");
}

}  // namespace
}  // namespace osprey::risk
