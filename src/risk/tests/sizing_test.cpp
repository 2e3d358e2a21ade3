#include "risk/sizing.hpp"

#include <gtest/gtest.h>

namespace osprey::risk {
namespace {

const SymbolFilters no_fees{0.001, 0, 0};
const SymbolFilters fees{0.001, 0, 0.001};

TEST(SizeEntry, AmountModeSpendsTheWholeAmountAsTheContractStates) {
    const EntrySize size =
        size_entry(Sizing{}, fees, EntryRequest{PositionSide::Long, 100, 0.02, 5000, 1000});
    EXPECT_EQ(size.budget, 1000);
    EXPECT_DOUBLE_EQ(size.quantity, 9.99);  // 1000 / 100.1, floored to 0.001
    EXPECT_TRUE(size.refused.empty());
}

TEST(SizeEntry, RiskPercentLosesThatShareOfEquityAtTheStop) {
    Sizing sizing;
    sizing.mode = SizingMode::RiskPercent;  // 1 % by default
    // 1 % of 10 000 = 100 quote; a 2 % stop at 100 loses 2 per unit: 50 units.
    const EntrySize size =
        size_entry(sizing, no_fees, EntryRequest{PositionSide::Long, 100, 0.02, 10'000, 10'000});
    EXPECT_DOUBLE_EQ(size.quantity, 50);
    EXPECT_DOUBLE_EQ(size.budget, 5000);
    EXPECT_DOUBLE_EQ(size.quantity * 100 * 0.02, 100);
}

TEST(SizeEntry, RiskIsCappedByWhatTheCashBuys) {
    Sizing sizing;
    sizing.mode = SizingMode::RiskPercent;
    sizing.risk_pct = 5;  // 500 at risk with a 0.5 % stop would need 100 000 of notional
    const EntrySize size =
        size_entry(sizing, no_fees, EntryRequest{PositionSide::Long, 100, 0.005, 10'000, 2000});
    EXPECT_DOUBLE_EQ(size.quantity, 20);
    EXPECT_LE(size.budget, 2000);
}

TEST(SizeEntry, FixedRiskInQuote) {
    Sizing sizing;
    sizing.mode = SizingMode::RiskAmount;
    sizing.risk_amount = 30;
    const EntrySize size =
        size_entry(sizing, no_fees, EntryRequest{PositionSide::Short, 200, 0.05, 0, 10'000});
    EXPECT_DOUBLE_EQ(size.quantity, 3);  // 30 / (200 × 0.05)
}

TEST(SizeEntry, FeeAwareRiskCountsBothFeesSoAStopOutLosesTheStatedRisk) {
    Sizing sizing;
    sizing.mode = SizingMode::RiskAmount;
    sizing.risk_amount = 100;
    sizing.fee_aware = true;
    const SymbolFilters fine{1e-8, 0, 0.001};
    const EntrySize size =
        size_entry(sizing, fine, EntryRequest{PositionSide::Long, 100, 0.02, 0, 100'000});
    // Long: cost = q·100·1.001, stop proceeds = q·98·0.999; their difference is the loss.
    const double loss = size.quantity * 100 * 1.001 - size.quantity * 98 * 0.999;
    EXPECT_NEAR(loss, 100, 1e-6);
    EXPECT_LE(loss, 100);
    sizing.fee_aware = false;
    const EntrySize blind =
        size_entry(sizing, fine, EntryRequest{PositionSide::Long, 100, 0.02, 0, 100'000});
    EXPECT_GT(blind.quantity * 100 * 1.001 - blind.quantity * 98 * 0.999, 100);
}

TEST(SizeEntry, FeeAwareAmountKeepsTheExitFeeBack) {
    Sizing sizing;
    sizing.fee_aware = true;
    const EntrySize size =
        size_entry(sizing, fees, EntryRequest{PositionSide::Long, 100, 0.02, 0, 1000});
    // Entry cost plus the exit fee at the entry price fit in the amount.
    EXPECT_LE(size.quantity * 100 * 1.002, 1000);
    EXPECT_GT((size.quantity + 0.001) * 100 * 1.002, 1000);
    EXPECT_DOUBLE_EQ(size.budget, size.quantity * 100 * 1.001);
}

TEST(SizeEntry, RefusesWhatTheVenueWouldNotTakeAndSaysWhy) {
    Sizing risk_sizing;
    risk_sizing.mode = SizingMode::RiskPercent;
    const EntrySize no_stop =
        size_entry(risk_sizing, fees, EntryRequest{PositionSide::Long, 100, 0, 1000, 1000});
    EXPECT_EQ(no_stop.refused, refusal_no_stop);

    const SymbolFilters whole_units{1, 0, 0.001};
    const EntrySize tiny =
        size_entry(Sizing{}, whole_units, EntryRequest{PositionSide::Long, 100, 0.02, 50, 50});
    EXPECT_EQ(tiny.refused, refusal_below_step);

    const SymbolFilters ten_minimum{0.001, 10, 0.001};
    const EntrySize small =
        size_entry(Sizing{}, ten_minimum, EntryRequest{PositionSide::Long, 100, 0.02, 9, 9});
    EXPECT_EQ(small.refused, refusal_below_min_notional);
    const EntrySize enough =
        size_entry(Sizing{}, ten_minimum, EntryRequest{PositionSide::Long, 100, 0.02, 11, 11});
    EXPECT_TRUE(enough.refused.empty());
}

}  // namespace
}  // namespace osprey::risk
