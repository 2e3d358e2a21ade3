#include <cmath>

#include <gtest/gtest.h>

#include "engine/bot.hpp"
#include "engine/performance.hpp"
#include "strategy/testing/scripted_strategy.hpp"

namespace osprey::engine {
namespace {

using strategy::testing::ScriptedStrategy;

class RecordingVenue final : public Venue {
public:
    Status submit(const OrderRequest& order) override {
        orders.push_back(order);
        if (refuse) {
            return fail(ErrorCode::Rejected, "venue says no");
        }
        return {};
    }

    void take_events(std::vector<VenueEvent>&) override {}

    std::vector<OrderRequest> orders;
    bool refuse = false;
};

const Timeframe one_minute(std::chrono::minutes(1));
const Candle flat_bar{Timestamp::from_millis(0), 10, 10, 10, 10, 1};

Fill fill_of(const OrderRequest& order, double price, double quantity) {
    const bool buy = order.side == Side::Buy;
    return Fill{order.id, order.side,        Timestamp::from_millis(60'000),
                price,    quantity,          buy ? price * quantity + 1 : price * quantity - 1,
                1,        ExitReason::Signal};
}

TEST(Bot, SendsNumberedOrdersAndWaitsForEachToFinish) {
    RecordingVenue venue;
    Account account(500);
    Bot bot(BotConfig{BotId{7}, {2, 5, 0}, Shorting::Disabled, {}, {}, {}},
            std::make_unique<ScriptedStrategy>(std::map<std::size_t, Direction>{
                {0, Direction::Buy}, {1, Direction::Buy}, {2, Direction::Sell}}),
            venue, one_minute, account);
    bot.on_bar_closed(flat_bar);
    ASSERT_EQ(venue.orders.size(), 1u);
    EXPECT_EQ(venue.orders[0].id, (ClientOrderId{BotId{7}, 1}));
    EXPECT_EQ(venue.orders[0].quote_amount, 500);  // all of the bot's own cash
    EXPECT_DOUBLE_EQ(venue.orders[0].exits.stop_fraction, 0.02);
    bot.on_bar_closed(flat_bar);  // BUY again while the first is in flight
    EXPECT_EQ(venue.orders.size(), 1u);
    bot.on_event(fill_of(venue.orders[0], 10, 49));
    EXPECT_EQ(account.cash(), 500 - (10 * 49 + 1));
    EXPECT_EQ(bot.position_value(12), 49 * 12);
    EXPECT_EQ(account.open_positions(), 1u);
    bot.on_bar_closed(flat_bar);  // SELL while long
    ASSERT_EQ(venue.orders.size(), 2u);
    EXPECT_EQ(venue.orders[1].id, (ClientOrderId{BotId{7}, 2}));
    EXPECT_EQ(venue.orders[1].quantity, 49);
    bot.on_event(fill_of(venue.orders[1], 11, 49));
    ASSERT_EQ(bot.trades().size(), 1u);
    EXPECT_EQ(bot.trades()[0].pnl, (11 * 49 - 1) - (10 * 49 + 1));
}

TEST(Bot, RecordsARefusalAndTriesAgainOnTheNextSignal) {
    RecordingVenue venue;
    venue.refuse = true;
    Account account(1000);
    Bot bot(BotConfig{},
            std::make_unique<ScriptedStrategy>(
                std::map<std::size_t, Direction>{{0, Direction::Buy}, {1, Direction::Buy}}),
            venue, one_minute, account);
    bot.on_bar_closed(flat_bar);
    bot.on_bar_closed(flat_bar);
    EXPECT_EQ(venue.orders.size(), 2u);
    ASSERT_EQ(bot.rejections().size(), 2u);
    EXPECT_EQ(bot.rejections()[0].error.message, "venue says no");
    EXPECT_EQ(account.cash(), 1000);
}

TEST(Performance, DrawdownIsTheLargestFallFromAPeak) {
    PerformanceTracker p(100, one_minute);
    for (const double equity : {110.0, 99.0, 120.0, 90.0, 130.0}) {
        p.on_bar(equity, true);
    }
    const PerformanceSummary s = p.summary(130);
    EXPECT_DOUBLE_EQ(s.max_drawdown_pct, 25.0);  // 120 → 90
    EXPECT_DOUBLE_EQ(s.return_pct, 30.0);
    EXPECT_DOUBLE_EQ(s.exposure_pct, 100.0);
    EXPECT_EQ(s.bars, 5u);
}

TEST(Performance, WinRateProfitFactorAndUndefinedFigures) {
    PerformanceTracker p(100, one_minute);
    p.on_bar(100, false);
    p.on_bar(100, false);
    EXPECT_FALSE(p.summary(100).sharpe);   // no variance
    EXPECT_FALSE(p.summary(100).sortino);  // no downside
    ClosedTrade win;
    win.pnl = 30;
    ClosedTrade loss;
    loss.pnl = -10;
    p.on_trade(win);
    EXPECT_FALSE(p.summary(100).profit_factor);  // no losses: not infinite, empty
    p.on_trade(loss);
    p.on_trade(win);
    const PerformanceSummary s = p.summary(150);
    EXPECT_DOUBLE_EQ(*s.profit_factor, 6.0);
    EXPECT_DOUBLE_EQ(s.win_rate, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(s.exposure_pct, 0.0);
}

TEST(Performance, SharpeAndSortinoAreAnnualizedPerBarRatios) {
    const Timeframe one_day(std::chrono::hours(24));
    PerformanceTracker p(100, one_day);
    const std::vector<double> equities = {101, 100, 102, 101.5};
    std::vector<double> returns;
    double previous = 100;
    for (const double e : equities) {
        p.on_bar(e, true);
        returns.push_back(e / previous - 1);
        previous = e;
    }
    double mean = 0;
    for (const double r : returns) {
        mean += r / 4;
    }
    double squares = 0;
    double downside = 0;
    for (const double r : returns) {
        squares += (r - mean) * (r - mean);
        downside += r < 0 ? r * r : 0;
    }
    const PerformanceSummary s = p.summary(101.5);
    EXPECT_NEAR(*s.sharpe, mean / std::sqrt(squares / 3) * std::sqrt(365.25), 1e-9);
    EXPECT_NEAR(*s.sortino, mean / std::sqrt(downside / 4) * std::sqrt(365.25), 1e-9);
}

}  // namespace
}  // namespace osprey::engine
