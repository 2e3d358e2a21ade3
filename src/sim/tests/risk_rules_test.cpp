// Risk sizing, the daily loss limit and the rules gate, end to end through
// the Bot and the simulated venue.

#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "sim/backtest.hpp"
#include "sim/tests/hourly_bars.hpp"
#include "strategy/testing/scripted_strategy.hpp"

namespace osprey::sim {
namespace {

using strategy::testing::ScriptedStrategy;

using testing::one_hour;

using testing::bar;

Candle flat(std::int64_t hour, double price) {
    return bar(hour, price, price, price, price);
}

BacktestResult run(const std::vector<Candle>& bars, const std::map<std::size_t, Direction>& script,
                   const BacktestConfig& config) {
    auto result = run_backtest(bars, one_hour, std::make_unique<ScriptedStrategy>(script), config);
    EXPECT_TRUE(result) << result.error().message;
    return std::move(*result);
}

BacktestConfig no_fees() {
    BacktestConfig config;
    config.costs = Costs{0.0, 0.001, 0};
    config.exits = risk::ExitRule{2, 0, 0};
    return config;
}

TEST(RiskSizing, APercentOfEquityIsLostAtTheStopNotTheWholeBalance) {
    // Buy at 100 with a 2 % stop, which the next bar hits.
    const std::vector<Candle> bars = {flat(0, 100), flat(1, 100), bar(2, 100, 100, 97, 97),
                                      flat(3, 97)};
    BacktestConfig config = no_fees();
    config.sizing.mode = risk::SizingMode::RiskPercent;  // 1 % of 1000 by default
    const BacktestResult result = run(bars, {{0, Direction::Buy}}, config);
    ASSERT_EQ(result.trades.size(), 1u);
    EXPECT_EQ(result.trades[0].exit_reason, ExitReason::StopLoss);
    EXPECT_DOUBLE_EQ(result.trades[0].quantity, 5);  // 10 at risk / 2 per unit
    EXPECT_NEAR(result.trades[0].pnl, -10, 1e-9);
    EXPECT_NEAR(result.summary.final_balance, 990, 1e-9);
}

TEST(RiskSizing, WithoutAStopItIsRefusedUpFront) {
    BacktestConfig config = no_fees();
    config.sizing.mode = risk::SizingMode::RiskPercent;
    config.exits.stop_loss_pct = 0;
    const Status valid = validate(config);
    ASSERT_FALSE(valid);
    EXPECT_NE(valid.error().message.find("needs a stop loss"), std::string::npos);
}

TEST(DailyLossLimit, HaltsNewEntriesForTheRestOfTheUtcDayOnly) {
    // Two losing stop-outs would happen on day 0; the limit stops the second.
    // Hour 24 starts a new UTC day, where entries are allowed again.
    std::vector<Candle> bars;
    for (std::int64_t h = 0; h < 30; ++h) {
        bars.push_back(flat(h, 100));
    }
    bars[2] = bar(2, 100, 100, 97, 100);    // stops the first entry out (−2 %)
    bars[6] = bar(6, 100, 100, 97, 100);    // would stop the second out
    bars[26] = bar(26, 100, 100, 97, 100);  // stops the next day's entry out
    const std::map<std::size_t, Direction> script = {
        {0, Direction::Buy}, {4, Direction::Buy}, {24, Direction::Buy}};
    BacktestConfig config = no_fees();
    const BacktestResult unlimited = run(bars, script, config);
    EXPECT_EQ(unlimited.trades.size(), 3u);

    config.daily_loss_limit_pct = 1.5;  // the first −2 % reaches it
    const BacktestResult limited = run(bars, script, config);
    ASSERT_EQ(limited.trades.size(), 2u);
    EXPECT_EQ(limited.trades[1].entry_time, bars[25].open_time);  // the next day
    ASSERT_EQ(limited.blocked.size(), 1u);
    EXPECT_EQ(limited.blocked[0].reason, engine::blocked_by_daily_loss_limit);
    EXPECT_EQ(limited.blocked[0].at, bars[5].open_time);
}

TEST(RulesGate, BlocksSignalsItsRulesRefuseAndRecordsWhichRule) {
    const std::vector<Candle> bars = {flat(0, 100), flat(1, 100), flat(2, 100), flat(3, 100)};
    BacktestConfig config = no_fees();
    config.gate = strategy::RulesGate::pro();
    // The scripted strategy's signals carry no features: the gate must not wave them through.
    const BacktestResult gated = run(bars, {{0, Direction::Buy}}, config);
    EXPECT_TRUE(gated.trades.empty());
    ASSERT_EQ(gated.blocked.size(), 1u);
    EXPECT_EQ(gated.blocked[0].reason, "rsi");
    EXPECT_TRUE(std::isnan(gated.blocked[0].value));
    EXPECT_EQ(gated.blocked[0].direction, Direction::Buy);

    config.gate = strategy::RulesGate{};  // no rules set: everything passes
    const BacktestResult open = run(bars, {{0, Direction::Buy}}, config);
    EXPECT_EQ(open.trades.size(), 1u);
    EXPECT_TRUE(open.blocked.empty());
}

}  // namespace
}  // namespace osprey::sim
