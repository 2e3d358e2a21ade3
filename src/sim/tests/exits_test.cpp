// Shorts, partial take-profits, break-even and trailing stops on the
// simulated venue: the long rules of DESIGN.md mirrored and extended.

#include <cmath>

#include <gtest/gtest.h>

#include "sim/backtest.hpp"
#include "sim/tests/hourly_bars.hpp"
#include "strategy/testing/scripted_strategy.hpp"

namespace osprey::sim {
namespace {

using strategy::testing::ScriptedStrategy;

using testing::one_hour;

using testing::bar;

// Buys on the first bar with a stop and targets set as prices around its
// close, as a signal strategy does.
class LeveledBuy final : public strategy::Strategy {
public:
    LeveledBuy(double stop, std::array<double, 3> targets) : stop_(stop), targets_(targets) {}

    void on_bar_closed(const strategy::ClosedBar&, Signal& signal) override {
        if (done_) {
            return;
        }
        done_ = true;
        signal.direction = Direction::Buy;
        signal.stop = stop_;
        signal.take_profit = targets_;
    }

private:
    double stop_;
    std::array<double, 3> targets_;
    bool done_ = false;
};

BacktestConfig no_costs(risk::ExitRule exits) {
    BacktestConfig config;
    config.costs = Costs{0.0, 1e-8, 0};
    config.exits = exits;
    return config;
}

BacktestResult run(const std::vector<Candle>& bars, std::unique_ptr<strategy::Strategy> strategy,
                   const BacktestConfig& config) {
    auto result = run_backtest(bars, one_hour, std::move(strategy), config);
    EXPECT_TRUE(result) << result.error().message;
    return std::move(*result);
}

TEST(Shorts, SellWhileFlatOpensAShortWhenAllowedAndItsStopIsAbove) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 100, 103, 99, 102), bar(3, 102, 102, 102, 102)};
    BacktestConfig config = no_costs({2, 5, 0});
    config.costs.fee_rate = 0.001;
    const auto flat = run(
        bars,
        std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{{0, Direction::Sell}}),
        config);
    EXPECT_TRUE(flat.trades.empty());  // spot: a sell while flat does nothing
    config.shorting = engine::Shorting::Allowed;
    const auto shorted = run(
        bars,
        std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{{0, Direction::Sell}}),
        config);
    ASSERT_EQ(shorted.trades.size(), 1u);
    const ClosedTrade& t = shorted.trades[0];
    EXPECT_EQ(t.exit_reason, ExitReason::StopLoss);
    EXPECT_EQ(t.exit_price, 100 * (1 + 2 / 100.0));  // high 103 ≥ stop 102
    EXPECT_LT(t.quantity, 0);
    const double qty = -t.quantity;
    const double expected_pnl = qty * (100 - 102) - qty * 100 * 0.001 - qty * 102 * 0.001;
    EXPECT_NEAR(t.pnl, expected_pnl, 1e-9);
    EXPECT_NEAR(shorted.summary.final_balance, 1000 + expected_pnl, 1e-9);
}

TEST(Shorts, GapThroughAShortsTargetFillsAtTheOpenAndBuyClosesIt) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 90, 91, 89, 90), bar(3, 90, 90, 90, 90)};
    BacktestConfig config = no_costs({2, 5, 0});
    config.shorting = engine::Shorting::Allowed;
    const auto gapped = run(
        bars,
        std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{{0, Direction::Sell}}),
        config);
    ASSERT_EQ(gapped.trades.size(), 1u);
    EXPECT_EQ(gapped.trades[0].exit_reason, ExitReason::TakeProfit);
    EXPECT_EQ(gapped.trades[0].exit_price, 90);
    const auto bought = run(bars,
                            std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{
                                {0, Direction::Sell}, {1, Direction::Buy}}),
                            config);
    ASSERT_EQ(bought.trades.size(), 1u);
    EXPECT_EQ(bought.trades[0].exit_reason, ExitReason::Signal);  // the buy closed the short
    EXPECT_EQ(bought.trades[0].exit_price, 90);
}

TEST(PartialTargets, AThirdAtEachTargetAndTheStopMovesToBreakEven) {
    const std::vector<Candle> bars = {
        bar(0, 100, 100, 100, 100),  // decision: buy, stop 95, targets 105/110/115
        bar(1, 100, 101, 99, 100),   // entry at 100
        bar(2, 101, 106, 100, 104),  // TP1 at 105; the stop moves to 100 from the next bar
        bar(3, 104, 104, 99, 100),   // break-even stop at 100
        bar(4, 100, 100, 100, 100)};
    const auto result =
        run(bars, std::make_unique<LeveledBuy>(95, std::array<double, 3>{105, 110, 115}),
            no_costs({2, 5, 0}));
    ASSERT_EQ(result.trades.size(), 2u);
    const double third = std::floor(10.0 / 3 / 1e-8 + 1e-9) * 1e-8;
    EXPECT_EQ(result.trades[0].exit_reason, ExitReason::TakeProfit);
    EXPECT_EQ(result.trades[0].exit_price, 105);
    EXPECT_DOUBLE_EQ(result.trades[0].quantity, third);
    EXPECT_EQ(result.trades[1].exit_reason, ExitReason::StopLoss);
    EXPECT_EQ(result.trades[1].exit_price, 100);
    EXPECT_DOUBLE_EQ(result.trades[1].quantity, 10 - third);
    EXPECT_NEAR(result.summary.final_balance, 1000 + third * 5, 1e-9);
}

TEST(PartialTargets, AllThreeTargetsInOneBarAndAMovedStopWaitsForTheNextBar) {
    const std::vector<Candle> bars = {
        bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
        bar(2, 100, 120, 99.5, 110),  // all targets; low < 100 after TP1
        bar(3, 110, 110, 110, 110)};
    const auto result =
        run(bars, std::make_unique<LeveledBuy>(95, std::array<double, 3>{105, 110, 115}),
            no_costs({2, 5, 0}));
    ASSERT_EQ(result.trades.size(), 3u);
    EXPECT_DOUBLE_EQ(result.trades[2].exit_price, 115);
    for (const ClosedTrade& t : result.trades) {
        EXPECT_EQ(t.exit_reason, ExitReason::TakeProfit);
    }
}

TEST(TrailingStop, FollowsTheHighFromTheNextBarAndExitsWithItsOwnReason) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 101, 120, 101, 118),  // high 120: stop 108 from bar 3
                                      bar(3, 118, 119, 105, 106), bar(4, 106, 106, 106, 106)};
    const auto result = run(
        bars,
        std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{{0, Direction::Buy}}),
        no_costs({0, 0, 10}));
    ASSERT_EQ(result.trades.size(), 1u);
    EXPECT_EQ(result.trades[0].exit_reason, ExitReason::TrailingStop);
    EXPECT_DOUBLE_EQ(result.trades[0].exit_price, 108);
}

TEST(Sizing, AFixedAmountCompoundsOnlyTheBotsOwnProfit) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 110, 110, 110, 110), bar(3, 110, 110, 110, 110),
                                      bar(4, 110, 110, 110, 110), bar(5, 110, 110, 110, 110)};
    const std::map<std::size_t, Direction> twice = {
        {0, Direction::Buy}, {1, Direction::Sell}, {2, Direction::Buy}, {3, Direction::Sell}};
    BacktestConfig config = no_costs({0, 0, 0});
    config.costs.step = 0.001;
    config.sizing = risk::Sizing{risk::SizingMode::Amount, 100};
    const auto reinvested = run(bars, std::make_unique<ScriptedStrategy>(twice), config);
    ASSERT_EQ(reinvested.trades.size(), 2u);
    EXPECT_DOUBLE_EQ(reinvested.trades[0].entry_cost, 100);
    EXPECT_DOUBLE_EQ(reinvested.trades[1].entry_cost, 110);  // 100 + the 10 it made
    config.sizing.compounding = risk::Compounding::FixedAmount;
    const auto fixed = run(bars, std::make_unique<ScriptedStrategy>(twice), config);
    EXPECT_DOUBLE_EQ(fixed.trades[1].quantity, 0.909);  // 100 at 110, in steps of 0.001
    EXPECT_DOUBLE_EQ(fixed.trades[1].entry_cost, 0.909 * 110);
}

}  // namespace
}  // namespace osprey::sim
