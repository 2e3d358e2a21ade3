#include "sim/portfolio.hpp"

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "sim/tests/hourly_bars.hpp"
#include "strategy/builtin/ema_cross.hpp"
#include "strategy/testing/scripted_strategy.hpp"

namespace osprey::sim {
namespace {

using strategy::testing::ScriptedStrategy;

using testing::one_hour;
const Timeframe one_minute(std::chrono::minutes(1));

std::vector<Candle> flat(std::int64_t first_hour, int count, double price) {
    std::vector<Candle> bars;
    bars.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        bars.push_back(testing::bar(first_hour + i, price, price, price, price));
    }
    return bars;
}

BacktestConfig no_costs() {
    BacktestConfig config;
    config.costs = Costs{0.0, 1e-8, 0};
    config.exits = risk::ExitRule{0, 0, 0};
    return config;
}

auto buy_first_bar() {
    return [] {
        return Result<std::unique_ptr<strategy::Strategy>>(std::make_unique<ScriptedStrategy>(
            std::map<std::size_t, Direction>{{0, Direction::Buy}}));
    };
}

TEST(Portfolio, OneSymbolIsExactlyASingleBacktest) {
    const auto candles = data::read_candles(OSPREY_SHARED_DATA "/candles/LTCUSDT-1m.csv");
    ASSERT_TRUE(candles);
    const auto make = [] {
        return Result<std::unique_ptr<strategy::Strategy>>(
            std::make_unique<strategy::builtin::EmaCross>(12, 26));
    };
    const auto single = run_backtest(*candles, one_minute, *make(), BacktestConfig{});
    const auto portfolio =
        run_portfolio({{"LTCUSDT", *candles}}, one_minute, make, PortfolioConfig{{}, 0});
    ASSERT_TRUE(single && portfolio);
    EXPECT_EQ(portfolio->total.final_balance, single->summary.final_balance);
    EXPECT_EQ(portfolio->total.trades, single->summary.trades);
    EXPECT_EQ(portfolio->total.max_drawdown_pct, single->summary.max_drawdown_pct);
    EXPECT_EQ(portfolio->symbols[0].trades.size(), single->trades.size());
}

TEST(Portfolio, SharesCashInEqualSlotsAndRespectsTheLimit) {
    const std::vector<SymbolCandles> three = {
        {"AAA", flat(0, 5, 10)}, {"BBB", flat(0, 5, 20)}, {"CCC", flat(0, 5, 40)}};
    const auto limited = run_portfolio(three, one_hour, buy_first_bar(), {no_costs(), 2});
    ASSERT_TRUE(limited);
    // AAA and BBB (symbol order) take the two slots, half the cash each; CCC gets none.
    ASSERT_EQ(limited->symbols[0].trades.size(), 1u);
    ASSERT_EQ(limited->symbols[1].trades.size(), 1u);
    EXPECT_TRUE(limited->symbols[2].trades.empty());
    EXPECT_DOUBLE_EQ(limited->symbols[0].trades[0].entry_cost, 500);
    EXPECT_DOUBLE_EQ(limited->symbols[1].trades[0].entry_cost, 500);
    const auto open = run_portfolio(three, one_hour, buy_first_bar(), {no_costs(), 0});
    ASSERT_TRUE(open);
    for (const SymbolResult& s : open->symbols) {
        ASSERT_EQ(s.trades.size(), 1u) << s.symbol;
        EXPECT_NEAR(s.trades[0].entry_cost, 1000.0 / 3, 1e-6) << s.symbol;
    }
}

TEST(Portfolio, AlignsSymbolsInTimeAndSumsTheirPnl) {
    // BBB starts two hours later and rises; AAA falls.
    std::vector<Candle> rising = flat(2, 4, 20);
    rising[2].open = rising[2].high = rising[2].close = rising[3].open = rising[3].high =
        rising[3].low = rising[3].close = 30;
    rising[2].low = 20;
    std::vector<Candle> falling = flat(0, 6, 10);
    falling[5].open = falling[5].low = falling[5].close = 5;
    falling[5].high = 10;
    const auto result = run_portfolio({{"AAA", falling}, {"BBB", rising}}, one_hour,
                                      buy_first_bar(), {no_costs(), 0});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->total.bars, 6u);  // the union of the two timelines
    ASSERT_EQ(result->symbols[1].trades.size(), 1u);
    EXPECT_EQ(result->symbols[1].trades[0].entry_time.millis(), 3 * 3'600'000);
    const double pnl = result->symbols[0].pnl + result->symbols[1].pnl;
    EXPECT_NEAR(result->total.final_balance, 1000 + pnl, 1e-9);
    EXPECT_LT(result->symbols[0].pnl, 0);
    EXPECT_GT(result->symbols[1].pnl, 0);
}

}  // namespace
}  // namespace osprey::sim
