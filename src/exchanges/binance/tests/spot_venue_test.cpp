// The Venue port on Binance Spot against the mock exchange.
#include "exchanges/binance/spot_venue.hpp"

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::binance {
namespace {

net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT");
    return exchange;
}

Result<std::unique_ptr<SpotVenue>> open_venue(const engine::Clock& clock) {
    RestConfig config;
    config.base_url = mock().url();
    config.credentials = {"mock-binance-key", "mock-binance-secret"};
    return SpotVenue::create(std::move(config), *Symbol::parse("BTCUSDT"), clock);
}

TEST(BinanceSpotVenue, OpensAndClosesALong) {
    ASSERT_TRUE(mock().running());
    mock().control("/_mock/reset", "{}");
    engine::SystemClock clock;
    auto venue = open_venue(clock);
    ASSERT_TRUE(venue) << venue.error().message;
    EXPECT_TRUE((*venue)->open_orders_at_start().empty());
    EXPECT_FALSE((*venue)->balances_at_start().empty());

    engine::OrderRequest entry;
    entry.id = {BotId(7), 1};
    entry.quote_amount = 100;
    ASSERT_TRUE((*venue)->submit(entry));
    ASSERT_EQ((*venue)->events().size(), 1U);
    const auto* bought = std::get_if<Fill>(&(*venue)->events()[0]);
    ASSERT_NE(bought, nullptr);
    EXPECT_GT(bought->quantity, 0);
    // The venue floors the quantity to its step, so a little less is spent.
    EXPECT_LE(bought->quote_amount, 100);
    EXPECT_GT(bought->quote_amount, 99);
    EXPECT_NEAR(bought->price * bought->quantity + bought->fee, bought->quote_amount, 1e-6);

    engine::OrderRequest exit;
    exit.id = {BotId(7), 2};
    exit.side = Side::Sell;
    exit.intent = engine::OrderIntent::Close;
    exit.quantity = bought->quantity * 0.999;  // what the 0.1 % commission left
    (*venue)->clear_events();
    ASSERT_TRUE((*venue)->submit(exit));
    ASSERT_EQ((*venue)->events().size(), 1U);
    const auto* sold = std::get_if<Fill>(&(*venue)->events()[0]);
    ASSERT_NE(sold, nullptr)
        << std::get<engine::OrderRejected>((*venue)->events()[0]).error.message;
    EXPECT_EQ(sold->side, Side::Sell);
    EXPECT_NE(mock().control("/_mock/orders").find("\"osp-7-2\""), std::string::npos);
}

TEST(BinanceSpotVenue, RefusesShortsAndReportsRejects) {
    ASSERT_TRUE(mock().running());
    mock().control("/_mock/reset", "{}");
    engine::SystemClock clock;
    auto venue = open_venue(clock);
    ASSERT_TRUE(venue) << venue.error().message;
    engine::OrderRequest short_entry;
    short_entry.side = Side::Sell;
    short_entry.quote_amount = 100;
    EXPECT_FALSE((*venue)->submit(short_entry));

    engine::OrderRequest too_big;
    too_big.id = {BotId(8), 1};
    too_big.quote_amount = 1'000'000;  // the account holds 10,000 USDT
    ASSERT_TRUE((*venue)->submit(too_big));
    ASSERT_EQ((*venue)->events().size(), 1U);
    const auto* rejected = std::get_if<engine::OrderRejected>(&(*venue)->events()[0]);
    ASSERT_NE(rejected, nullptr);
    EXPECT_EQ(rejected->error.code, ErrorCode::InsufficientFunds) << rejected->error.message;
}

}  // namespace
}  // namespace osprey::binance
