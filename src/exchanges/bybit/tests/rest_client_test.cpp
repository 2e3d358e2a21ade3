// The REST client against the mock exchange, over real sockets: klines
// pagination, filters, orders by orderLinkId, a lost response, clock skew,
// a 429 storm, bad credentials and TP/SL on a linear position.

#include "exchanges/bybit/rest_client.hpp"

#include <algorithm>
#include <memory>

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::bybit {
namespace {

// One mock for the whole test program, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("ALGOUSDT,BTCUSDT");
    return exchange;
}

const engine::SystemClock wall_clock;

const Credentials mock_credentials{"mock-bybit-key", "mock-bybit-secret"};

class BybitRest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running()) << "the mock exchange did not start";
        mock().control("/_mock/reset", "{}");
    }

    static RestClient client(Credentials credentials = mock_credentials) {
        RestOptions options;
        options.base_url = mock().url();
        auto created = RestClient::create(options, std::move(credentials), wall_clock);
        EXPECT_TRUE(created);
        return std::move(*created);
    }

    static std::size_t orders_with(std::string_view link_id) {
        const std::string all = mock().control("/_mock/orders");
        std::size_t count = 0;
        const std::string needle = R"("orderLinkId": ")" + std::string(link_id) + "\"";
        for (auto at = all.find(needle); at != std::string::npos; at = all.find(needle, at + 1)) {
            ++count;
        }
        return count;
    }
};

const Symbol btc = *Symbol::parse("BTCUSDT");
const Symbol algo = *Symbol::parse("ALGOUSDT");

TEST_F(BybitRest, KlinePagesTileTheHistory) {
    auto rest = client();
    const auto minute = *Timeframe::parse("1m");
    const auto first = Timestamp::from_millis(1'770'508'800'000) - std::chrono::hours(48);
    const auto last = first + std::chrono::minutes(2499);
    std::vector<Kline> all;
    for (auto at = first; at <= last;) {
        const auto window = kline_window(at, last, minute, max_klines_per_page);
        auto page = rest.klines(Category::Linear, algo, minute, window);
        ASSERT_TRUE(page) << page.error().message;
        ASSERT_FALSE(page->empty());
        all.insert(all.end(), page->begin(), page->end());
        at = window.last + minute.span();
    }
    ASSERT_EQ(all.size(), 2500U);
    for (std::size_t i = 1; i < all.size(); ++i) {
        ASSERT_EQ(all[i].open_time - all[i - 1].open_time, minute.span());
    }
}

TEST_F(BybitRest, InstrumentsGiveFilters) {
    auto rest = client();
    auto rules = rest.instruments(Category::Linear);
    ASSERT_TRUE(rules) << rules.error().message;
    const auto found =
        std::find_if(rules->begin(), rules->end(), [](const auto& r) { return r.symbol == btc; });
    ASSERT_NE(found, rules->end());
    EXPECT_FALSE(found->tick_size.is_zero());
    EXPECT_FALSE(found->quantity_step.is_zero());
}

TEST_F(BybitRest, OrdersAreFoundByLinkIdAndCancelled) {
    auto rest = client();
    OrderTicket ticket;
    ticket.symbol = btc;
    ticket.type = OrderType::Limit;
    ticket.quantity = *Quantity::parse("0.01");
    ticket.price = *Price::parse("1000");
    ticket.link_id = order_link_id({BotId(1), 1});
    auto order_id = rest.create_order(ticket);
    ASSERT_TRUE(order_id) << order_id.error().message;
    auto found = rest.find_order(Category::Linear, btc, ticket.link_id);
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->order_id, *order_id);
    EXPECT_EQ((*found)->status, OrderStatus::New);
    auto open = rest.open_orders(Category::Linear, btc);
    ASSERT_TRUE(open);
    EXPECT_EQ(open->size(), 1U);
    ASSERT_TRUE(rest.cancel_order(Category::Linear, btc, ticket.link_id));
    found = rest.find_order(Category::Linear, btc, ticket.link_id);
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->status, OrderStatus::Cancelled);
    auto missing = rest.find_order(Category::Linear, btc, "osp-never-sent");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
    auto duplicate = rest.create_order(ticket);
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::Conflict);
    auto balances = rest.balances("USDT");
    ASSERT_TRUE(balances) << balances.error().message;
    ASSERT_EQ(balances->size(), 1U);
    EXPECT_EQ(balances->front().coin, "USDT");
}

TEST_F(BybitRest, ALostResponseIsFoundByLinkIdNotResent) {
    auto rest = client();
    mock().control("/_mock/fault",
                   R"({"kind":"lose_response","count":1,"path":"/v5/order/create"})");
    OrderTicket ticket;
    ticket.symbol = btc;
    ticket.quantity = *Quantity::parse("0.01");
    ticket.link_id = order_link_id({BotId(2), 7});
    auto sent = rest.create_order(ticket);
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::Timeout) << sent.error().message;
    auto found = rest.find_order(Category::Linear, btc, ticket.link_id);
    ASSERT_TRUE(found && found->has_value()) << "the order was placed before the response was lost";
    EXPECT_EQ(orders_with(ticket.link_id), 1U);
}

TEST_F(BybitRest, ClockSkewIsHandledByResyncing) {
    auto rest = client();
    mock().control("/_mock/fault", R"({"kind":"clock_skew","ms":-60000})");
    auto balances = rest.balances("USDT");
    ASSERT_TRUE(balances) << balances.error().message;
    EXPECT_LT(rest.time_offset(), Duration(std::chrono::seconds(-50)));
}

TEST_F(BybitRest, ATooManyRequestsStormBacksOffAndLosesNothing) {
    auto rest = client();
    mock().control("/_mock/fault",
                   R"({"kind":"http_status","status":429,"count":3,"path":"/v5/market/kline"})");
    const auto minute = *Timeframe::parse("1m");
    const auto first = Timestamp::from_millis(1'770'508'800'000) - std::chrono::hours(1);
    auto page = rest.klines(Category::Linear, algo, minute,
                            kline_window(first, first + std::chrono::minutes(59), minute, 1000));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->size(), 60U);
    EXPECT_EQ(mock().control("/_mock/requests").find("\"418\""), std::string::npos);
}

TEST_F(BybitRest, BadCredentialsAreOneClearErrorWithoutTheSecret) {
    auto wrong_secret = client({"mock-bybit-key", "super-secret-value"});
    auto balances = wrong_secret.balances("USDT");
    ASSERT_FALSE(balances);
    EXPECT_EQ(balances.error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(balances.error().message.find("super-secret-value"), std::string::npos);
    EXPECT_EQ(balances.error().message.find("mock-bybit-key"), std::string::npos)
        << balances.error().message;
    auto wrong_key = client({"no-such-key", "super-secret-value"});
    auto orders = wrong_key.open_orders(Category::Linear, btc);
    ASSERT_FALSE(orders);
    EXPECT_EQ(orders.error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(orders.error().message.find("super-secret-value"), std::string::npos);
}

TEST_F(BybitRest, TradingStopSetsTakeProfitAndStopLossOnALinearPosition) {
    auto rest = client();
    OrderTicket ticket;
    ticket.symbol = btc;
    ticket.quantity = *Quantity::parse("0.01");
    ticket.link_id = order_link_id({BotId(3), 1});
    ASSERT_TRUE(rest.create_order(ticket));
    auto position = rest.position(btc);
    ASSERT_TRUE(position) << position.error().message;
    ASSERT_FALSE(position->size.is_zero());
    const auto entry = position->average_price.to_double();
    TradingStop stop;
    stop.symbol = btc;
    stop.take_profit = Price(Decimal::from_double(entry * 1.10, 1));
    stop.stop_loss = Price(Decimal::from_double(entry * 0.95, 1));
    auto set = rest.set_trading_stop(stop);
    ASSERT_TRUE(set) << set.error().message;
    position = rest.position(btc);
    ASSERT_TRUE(position);
    EXPECT_EQ(position->take_profit, *stop.take_profit);
    EXPECT_EQ(position->stop_loss, *stop.stop_loss);
}

}  // namespace
}  // namespace osprey::bybit
