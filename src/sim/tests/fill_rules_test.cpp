// One test per rule of DESIGN.md "Backtest fills", on hand-made bars.

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

struct Outcome {
    BacktestResult result;
    std::vector<Timestamp> seen;
};

Outcome backtest(const std::vector<Candle>& bars, std::map<std::size_t, Direction> script,
                 BacktestConfig config = {}) {
    Outcome run;
    auto made = run_backtest(
        bars, one_hour, std::make_unique<ScriptedStrategy>(std::move(script), &run.seen), config);
    EXPECT_TRUE(made) << made.error().message;
    run.result = std::move(*made);
    return run;
}

BacktestConfig plain(double sl, double tp) {
    BacktestConfig config;
    config.costs = Costs{0.0, 1e-8, 0};
    config.exits = risk::ExitRule{sl, tp};
    return config;
}

TEST(BacktestFills, OrderDecidedAtACloseFillsAtTheNextOpen) {
    const std::vector<Candle> bars = {bar(0, 100, 101, 99, 100), bar(1, 102, 103, 101, 102),
                                      bar(2, 104, 105, 103, 104), bar(3, 106, 107, 105, 106)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}, {1, Direction::Sell}}, plain(0, 0));
    ASSERT_EQ(run.result.trades.size(), 1u);
    const ClosedTrade& t = run.result.trades[0];
    EXPECT_EQ(t.entry_time, bars[1].open_time);
    EXPECT_EQ(t.entry_price, 102);
    EXPECT_EQ(t.exit_time, bars[2].open_time);
    EXPECT_EQ(t.exit_price, 104);  // the exit signal fills at the next open too
    EXPECT_EQ(t.exit_reason, ExitReason::Signal);
}

TEST(BacktestFills, FeeIsPaidOnEntryAndExit) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 110, 110, 110, 110), bar(3, 110, 110, 110, 110)};
    BacktestConfig config = plain(0, 0);
    config.costs.fee_rate = 0.001;
    config.costs.step = 0.001;
    const Outcome run = backtest(bars, {{0, Direction::Buy}, {1, Direction::Sell}}, config);
    ASSERT_EQ(run.result.trades.size(), 1u);
    const ClosedTrade& t = run.result.trades[0];
    const double qty = std::floor(1000 / (100 * 1.001) / 0.001 + 1e-9) * 0.001;  // 9.99
    EXPECT_DOUBLE_EQ(t.quantity, 9.99);
    EXPECT_EQ(t.quantity, qty);
    EXPECT_EQ(t.entry_cost, qty * 100 * (1 + 0.001));
    EXPECT_EQ(t.pnl, qty * 110 * (1 - 0.001) - qty * 100 * (1 + 0.001));
    EXPECT_EQ(run.result.summary.final_balance, 1000 - t.entry_cost + qty * 110 * (1 - 0.001));
}

TEST(BacktestFills, QuantityIsFlooredToTheStep) {
    const std::vector<Candle> bars = {bar(0, 3, 3, 3, 3), bar(1, 3, 3, 3, 3), bar(2, 3, 3, 3, 3)};
    BacktestConfig config = plain(0, 0);
    config.starting_balance = 10;
    config.costs.step = 0.5;
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, config);
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].quantity, 3.0);      // 10/3 = 3.33 → 3.0
    EXPECT_EQ(run.result.summary.final_balance, 10.0);  // 1 left in cash, 9 back
    // The tolerance absorbs binary rounding: 0.3 / 0.1 buys 3 steps, not 2.
    config.starting_balance = 0.3;
    config.costs.step = 0.1;
    const std::vector<Candle> ones = {bar(0, 1, 1, 1, 1), bar(1, 1, 1, 1, 1), bar(2, 1, 1, 1, 1)};
    const Outcome exact = backtest(ones, {{0, Direction::Buy}}, config);
    ASSERT_EQ(exact.result.trades.size(), 1u);
    EXPECT_DOUBLE_EQ(exact.result.trades[0].quantity, 0.3);
}

TEST(BacktestFills, BuyTooSmallForOneStepIsNotSentAndSaysWhy) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 100, 100, 100, 100)};
    BacktestConfig config = plain(0, 0);
    config.starting_balance = 5;
    config.costs.step = 1;
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, config);
    EXPECT_TRUE(run.result.trades.empty());
    EXPECT_TRUE(run.result.rejections.empty());
    ASSERT_EQ(run.result.blocked.size(), 1u);
    EXPECT_EQ(run.result.blocked[0].reason, risk::refusal_below_step);
    EXPECT_EQ(run.result.blocked[0].at, bars[1].open_time);
    EXPECT_EQ(run.result.summary.final_balance, 5);
}

TEST(BacktestFills, BuyThatFloorsToZeroAtTheGappedOpenIsRejectedNotFilled) {
    // One unit fits at the close it was decided on, none at the next open.
    const std::vector<Candle> bars = {bar(0, 4, 4, 4, 4), bar(1, 6, 6, 6, 6), bar(2, 6, 6, 6, 6)};
    BacktestConfig config = plain(0, 0);
    config.starting_balance = 5;
    config.costs.step = 1;
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, config);
    EXPECT_TRUE(run.result.trades.empty());
    ASSERT_EQ(run.result.rejections.size(), 1u);
    EXPECT_EQ(run.result.rejections[0].error.code, ErrorCode::InsufficientFunds);
    EXPECT_EQ(run.result.summary.final_balance, 5);
}

TEST(BacktestFills, EntryBelowTheMinimumNotionalIsNotSent) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 100, 100, 100, 100)};
    BacktestConfig config = plain(0, 0);
    config.sizing.amount = 9;
    config.costs.min_notional = 10;
    const Outcome small = backtest(bars, {{0, Direction::Buy}}, config);
    ASSERT_EQ(small.result.blocked.size(), 1u);
    EXPECT_EQ(small.result.blocked[0].reason, risk::refusal_below_min_notional);
    config.sizing.amount = 11;
    const Outcome enough = backtest(bars, {{0, Direction::Buy}}, config);
    EXPECT_TRUE(enough.result.blocked.empty());
    EXPECT_EQ(enough.result.trades.size(), 1u);
}

TEST(BacktestFills, StopOnTheEntryBarFillsAtTheStopLevel) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 97, 99),
                                      bar(2, 99, 99, 99, 99)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::StopLoss);
    EXPECT_EQ(run.result.trades[0].exit_price, 100 * (1 - 2 / 100.0));
    EXPECT_EQ(run.result.trades[0].exit_time, bars[1].open_time);
}

TEST(BacktestFills, EntryBarNeverUsesTheGapRule) {
    // 500 bps of slippage puts the entry at 105 and a 1% stop at 103.95,
    // above the entry bar's open of 100. On the entry bar the stop still
    // fills at its level (less slippage), not at the open.
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 106, 99, 104),
                                      bar(2, 104, 104, 104, 104)};
    BacktestConfig config = plain(1, 0);
    config.costs.slippage_bps = 500;
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, config);
    ASSERT_EQ(run.result.trades.size(), 1u);
    const double entry = 100 * (1 + 0.05);
    EXPECT_EQ(run.result.trades[0].entry_price, entry);
    EXPECT_EQ(run.result.trades[0].exit_price, entry * (1 - 1 / 100.0) * (1 - 0.05));
}

TEST(BacktestFills, GapThroughStopFillsAtOpen) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 95, 96, 94, 95), bar(3, 95, 95, 95, 95)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::StopLoss);
    EXPECT_EQ(run.result.trades[0].exit_price, 95);  // not the level of 98
}

TEST(BacktestFills, GapThroughTakeProfitFillsAtOpen) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 108, 109, 107, 108), bar(3, 108, 108, 108, 108)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::TakeProfit);
    EXPECT_EQ(run.result.trades[0].exit_price, 108);  // not the level of 105
}

TEST(BacktestFills, TakeProfitInsideTheBarFillsAtTheLevel) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 101, 106, 100, 103), bar(3, 103, 103, 103, 103)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::TakeProfit);
    EXPECT_EQ(run.result.trades[0].exit_price, 100 * (1 + 5 / 100.0));
}

TEST(BacktestFills, StopComesFirstWhenBothLevelsAreTouched) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 100, 110, 90, 100), bar(3, 100, 100, 100, 100)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::StopLoss);
    EXPECT_EQ(run.result.trades[0].exit_price, 98);
}

TEST(BacktestFills, ZeroDisablesALevel) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 100, 200, 50, 100), bar(3, 100, 100, 100, 100)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(0, 0));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::End);
}

TEST(BacktestFills, OpenPositionIsClosedAtTheLastCloseWithReasonEnd) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 101, 99, 100),
                                      bar(2, 100, 102, 99, 101.5)};
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, plain(2, 5));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].exit_reason, ExitReason::End);
    EXPECT_EQ(run.result.trades[0].exit_price, 101.5);
    EXPECT_EQ(run.result.trades[0].exit_time, bars[2].open_time);
}

TEST(BacktestFills, NoDecisionIsTakenOnTheLastBar) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 100, 100, 100, 100)};
    const Outcome run = backtest(bars, {{2, Direction::Buy}}, plain(0, 0));
    EXPECT_TRUE(run.result.trades.empty());
    EXPECT_TRUE(run.result.rejections.empty());
    ASSERT_EQ(run.seen.size(), 2u);  // the strategy never saw the last bar
    EXPECT_EQ(run.seen.back(), bars[1].open_time);
}

TEST(BacktestFills, BuyWhileLongAndSellWhileFlatDoNothing) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 101, 101, 101, 101), bar(3, 102, 102, 102, 102),
                                      bar(4, 103, 103, 103, 103), bar(5, 104, 104, 104, 104)};
    const Outcome run = backtest(bars,
                                 {{0, Direction::Sell},
                                  {1, Direction::Buy},
                                  {2, Direction::Buy},
                                  {3, Direction::Sell},
                                  {4, Direction::Sell}},
                                 plain(0, 0));
    ASSERT_EQ(run.result.trades.size(), 1u);
    EXPECT_EQ(run.result.trades[0].entry_price, 101);
    EXPECT_EQ(run.result.trades[0].exit_price, 103);
    EXPECT_TRUE(run.result.rejections.empty());
}

TEST(BacktestFills, SlippageWorsensMarketFillsButNotTakeProfits) {
    const std::vector<Candle> bars = {bar(0, 100, 100, 100, 100), bar(1, 100, 100, 100, 100),
                                      bar(2, 100, 120, 100, 100), bar(3, 100, 100, 100, 100)};
    BacktestConfig config = plain(0, 5);
    config.costs.slippage_bps = 10;
    const Outcome run = backtest(bars, {{0, Direction::Buy}}, config);
    ASSERT_EQ(run.result.trades.size(), 1u);
    const double entry = 100 * (1 + 0.001);
    EXPECT_EQ(run.result.trades[0].entry_price, entry);
    EXPECT_EQ(run.result.trades[0].exit_price, entry * (1 + 0.05));
}

TEST(BacktestConfig, RefusesValuesThatMakeNoSense) {
    BacktestConfig config;
    config.costs.fee_rate = 1.5;
    EXPECT_EQ(validate(config).error().message,
              "invalid fee 1.5: must be a fraction from 0 up to 1 (0.001 = 0.1%)");
    config = {};
    config.starting_balance = -1;
    EXPECT_FALSE(validate(config));
    config = {};
    config.exits.stop_loss_pct = 100;
    EXPECT_FALSE(validate(config));
    config = {};
    config.costs.step = 0;
    EXPECT_FALSE(validate(config));
}

}  // namespace
}  // namespace osprey::sim
