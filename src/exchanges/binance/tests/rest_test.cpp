// The REST client against the mock exchange over real sockets.
#include <simdjson.h>

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "exchanges/binance/order_desk.hpp"
#include "exchanges/binance/rest_client.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::binance {
namespace {

// 2026-02-08 00:00 UTC: the mock's market start (tools/mock-exchange/README.md).
constexpr Timestamp market_start = Timestamp::from_millis(1'770'508'800'000);

// One mock for the whole suite, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT,ETHUSDT");
    return exchange;
}

class BinanceRest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running());
        mock().control("/_mock/reset", "{}");
    }

    RestConfig config(std::string secret = "mock-binance-secret") const {
        RestConfig config;
        config.base_url = mock().url();
        config.credentials = {"mock-binance-key", std::move(secret)};
        return config;
    }

    RestClient client(RestConfig settings) const {
        auto rest = RestClient::create(std::move(settings), clock_);
        EXPECT_TRUE(rest);
        EXPECT_TRUE(rest->sync_time());
        return std::move(*rest);
    }

    // How many orders the mock holds with this client id.
    static int orders_with(std::string_view client_id) {
        const std::string body = mock().control("/_mock/orders");
        const std::string field = R"("clientOrderId": ")" + std::string(client_id) + "\"";
        int count = 0;
        for (std::size_t at = body.find(field); at != std::string::npos;
             at = body.find(field, at + 1)) {
            ++count;
        }
        return count;
    }

    static Symbol btc() { return *Symbol::parse("BTCUSDT"); }

    engine::SystemClock clock_;
};

TEST_F(BinanceRest, ReadsFiltersAndBalances) {
    RestClient rest = client(config());
    auto rules = rest.exchange_info({btc()});
    ASSERT_TRUE(rules) << rules.error().message;
    ASSERT_EQ(rules->size(), 1U);
    EXPECT_EQ((*rules)[0].tick_size, *Price::parse("0.01"));
    EXPECT_EQ((*rules)[0].step_size, *Quantity::parse("0.00001"));
    auto balances = rest.balances();
    ASSERT_TRUE(balances) << balances.error().message;
    ASSERT_FALSE(balances->empty());
    EXPECT_EQ((*balances)[0].asset, "USDT");
    EXPECT_EQ((*balances)[0].free, *Decimal::parse("10000"));
}

TEST_F(BinanceRest, KlinesArePagedWithoutGapsOrRepeats) {
    RestClient rest = client(config());
    KlineQuery query{btc(), "1m", market_start - std::chrono::minutes(2500),
                     market_start - std::chrono::minutes(1), 1000};
    auto klines = rest.klines(query);
    ASSERT_TRUE(klines) << klines.error().message;
    ASSERT_EQ(klines->size(), 2500U);
    for (std::size_t i = 1; i < klines->size(); ++i) {
        ASSERT_EQ((*klines)[i].candle.open_time - (*klines)[i - 1].candle.open_time,
                  std::chrono::minutes(1));
    }
    EXPECT_EQ(klines->front().candle.open_time, query.from);
}

TEST_F(BinanceRest, OrdersByClientId) {
    RestClient rest = client(config());
    OrderTicket limit{btc(),
                      Side::Buy,
                      OrderType::Limit,
                      "osp-1-1",
                      *Quantity::parse("0.01"),
                      Decimal(),
                      *Price::parse("1000")};
    auto placed = rest.place_order(limit);
    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, "NEW");
    EXPECT_EQ(placed->client_order_id, "osp-1-1");
    auto open = rest.open_orders(btc());
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1U);
    auto found = rest.query_order(btc(), "osp-1-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->order_id, placed->order_id);
    auto cancelled = rest.cancel_order(btc(), "osp-1-1");
    ASSERT_TRUE(cancelled) << cancelled.error().message;
    EXPECT_EQ(cancelled->status, "CANCELED");
    EXPECT_EQ(cancelled->client_order_id, "osp-1-1");
    auto missing = rest.query_order(btc(), "osp-9-9");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    OrderTicket market{btc(),     Side::Buy,  OrderType::Market,
                       "osp-1-2", Quantity(), *Decimal::parse("100"),
                       Price()};
    auto bought = rest.place_order(market);
    ASSERT_TRUE(bought) << bought.error().message;
    EXPECT_EQ(bought->status, "FILLED");
    EXPECT_FALSE(bought->executed_quantity.is_zero());
}

TEST_F(BinanceRest, LostAnswerStillMakesExactlyOneOrder) {
    RestClient rest = client(config());
    mock().control("/_mock/fault", R"({"kind":"lose_response","count":1,"path":"/api/v3/order"})");
    OrderTicket market{
        btc(), Side::Buy, OrderType::Market, "osp-2-1", Quantity(), *Decimal::parse("50"), Price()};
    auto placed = place_exactly_once(rest, market);
    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->client_order_id, "osp-2-1");
    EXPECT_EQ(orders_with("osp-2-1"), 1) << mock().control("/_mock/orders");
}

TEST_F(BinanceRest, ClockSkewIsHealedByResync) {
    RestClient rest = client(config());
    mock().control("/_mock/fault", R"({"kind":"clock_skew","ms":30000})");
    auto balances = rest.balances();  // -1021, resync, re-sign
    ASSERT_TRUE(balances) << balances.error().message;
    EXPECT_GT(rest.server_offset(), std::chrono::seconds(25));
}

TEST_F(BinanceRest, BadCredentialsGiveOneClearErrorWithoutTheSecret) {
    const std::string secret = "wrong-secret-Zq81";
    RestClient rest = client(config(secret));
    auto balances = rest.balances();
    ASSERT_FALSE(balances);
    EXPECT_EQ(balances.error().code, ErrorCode::Unauthenticated);
    EXPECT_NE(balances.error().message.find("-1022"), std::string::npos)
        << balances.error().message;
    EXPECT_EQ(balances.error().message.find(secret), std::string::npos);
}

TEST_F(BinanceRest, RateLimitStormBacksOffWithoutABan) {
    RestConfig settings = config();
    std::vector<Duration> waits;
    settings.wait = [&waits](Duration pause) {
        waits.push_back(pause);
        std::this_thread::sleep_for(pause);
    };
    // Our own budget is generous, so the venue's 429s do the limiting.
    settings.weight_limit = {100000, std::chrono::minutes(1), 0.9};
    RestClient rest = client(settings);
    mock().control("/_mock/fault",
                   R"({"kind":"rate_limit","weight_per_minute":20,"interval_ms":1000})");
    for (int request = 0; request < 15; ++request) {
        auto open = rest.open_orders(btc());  // weight 6
        ASSERT_TRUE(open) << open.error().message;
    }
    EXPECT_FALSE(waits.empty());
    const std::string counts = mock().control("/_mock/requests");
    EXPECT_EQ(counts.find("\"418\""), std::string::npos) << counts;
    EXPECT_NE(counts.find("\"429\""), std::string::npos) << counts;
}

}  // namespace
}  // namespace osprey::binance
