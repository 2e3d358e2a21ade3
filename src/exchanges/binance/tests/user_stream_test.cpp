// The user-data stream (WebSocket API) against the mock exchange.
#include "exchanges/binance/user_stream.hpp"

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::binance {
namespace {

net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT");
    return exchange;
}

TEST(BinanceUserStream, ReportsTheFillsOfAnOrder) {
    ASSERT_TRUE(mock().running());
    mock().control("/_mock/reset", "{}");
    engine::SystemClock clock;
    RestConfig config;
    config.base_url = mock().url();
    config.credentials = {"mock-binance-key", "mock-binance-secret"};
    auto rest = RestClient::create(config, clock);
    ASSERT_TRUE(rest);
    ASSERT_TRUE(rest->sync_time());
    auto stream = UserStream::open(mock().url("ws") + "/ws-api/v3", config.credentials,
                                   clock.now() + rest->server_offset());
    ASSERT_TRUE(stream) << stream.error().message;
    OrderTicket market{
        *Symbol::parse("BTCUSDT"), Side::Buy, OrderType::Market, "osp-3-1", Quantity(),
        *Decimal::parse("100"),    Price()};
    ASSERT_TRUE(rest->place_order(market));
    Quantity filled;
    for (int event = 0; event < 5 && filled.is_zero(); ++event) {
        auto report = stream->next();
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->client_order_id, "osp-3-1");
        if (report->execution_type == "TRADE") {
            filled = report->cumulative_quantity;
            EXPECT_FALSE(report->last_price.is_zero());
        }
    }
    EXPECT_FALSE(filled.is_zero());
}

TEST(BinanceUserStream, BadCredentialsAreOneClearError) {
    ASSERT_TRUE(mock().running());
    const std::string secret = "not-the-secret-x9";
    engine::SystemClock clock;
    auto stream = UserStream::open(mock().url("ws") + "/ws-api/v3", {"mock-binance-key", secret},
                                   clock.now());
    ASSERT_FALSE(stream);
    EXPECT_EQ(stream.error().message.find(secret), std::string::npos);
}

TEST(BinanceUserStream, ParsesOnlyExecutionReports) {
    EXPECT_FALSE(*parse_user_event(R"({"id":"1","status":200,"result":{"subscriptionId":0}})"));
    EXPECT_FALSE(*parse_user_event(
        R"({"subscriptionId":0,"event":{"e":"outboundAccountPosition","E":1,"B":[]}})"));
    EXPECT_FALSE(parse_user_event("{\"subscr"));
}

}  // namespace
}  // namespace osprey::binance
