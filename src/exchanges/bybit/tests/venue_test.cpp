// The Bybit venue against the mock exchange: an order whose response is
// lost exists exactly once and its fill arrives; exits become TP/SL on the
// linear position; bad credentials are one clear error without the secret.

#include "exchanges/bybit/venue.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::bybit {
namespace {

// One mock for the whole test program, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT");
    return exchange;
}

const engine::SystemClock wall_clock;

class BybitVenueTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running()) << "the mock exchange did not start";
        mock().control("/_mock/reset", "{}");
    }

    static VenueOptions options() {
        VenueOptions venue;
        venue.symbol = *Symbol::parse("BTCUSDT");
        venue.rest.base_url = mock().url();
        venue.stream.stream_url = mock().url("ws");
        venue.stream.reconnect_initial = std::chrono::milliseconds(20);
        return venue;
    }

    static std::unique_ptr<BybitVenue> open_venue() {
        auto venue =
            BybitVenue::open(options(), {"mock-bybit-key", "mock-bybit-secret"}, wall_clock);
        EXPECT_TRUE(venue) << venue.error().message;
        return venue ? std::move(*venue) : nullptr;
    }

    static double last_price() {
        const std::string ticker =
            mock().control("/v5/market/tickers?category=linear&symbol=BTCUSDT");
        const auto at = ticker.find(R"("lastPrice": ")") + 14;
        return std::stod(ticker.substr(at, ticker.find('"', at) - at));
    }

    // Waits (10 s at most) for the first event.
    static std::vector<engine::VenueEvent> wait_for_events(BybitVenue& venue) {
        for (int poll = 0; poll < 1000; ++poll) {
            std::vector<engine::VenueEvent> events;
            venue.take_events(events);
            if (!events.empty()) {
                return events;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return {};
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

TEST_F(BybitVenueTest, AnOrderWhoseResponseIsLostExistsOnceAndFills) {
    auto venue = open_venue();
    ASSERT_TRUE(venue);
    venue->set_reference_price(last_price());
    // The stream must be subscribed before the fill is pushed.
    for (int poll = 0; poll < 500 && venue->stream_error() == std::nullopt; ++poll) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (mock().control("/_mock/requests").find("/v5/private") != std::string::npos) {
            break;
        }
    }
    mock().control("/_mock/fault",
                   R"({"kind":"lose_response","count":1,"path":"/v5/order/create"})");
    engine::OrderRequest order;
    order.id = ClientOrderId{BotId(9), 1};
    order.quote_amount = 1000;
    ASSERT_TRUE(venue->submit(order));
    EXPECT_EQ(orders_with(order_link_id(order.id)), 1U);
    const auto events = wait_for_events(*venue);
    ASSERT_EQ(events.size(), 1U);
    const auto* fill = std::get_if<Fill>(&events.front());
    ASSERT_NE(fill, nullptr);
    EXPECT_EQ(fill->order, order.id);
    EXPECT_GT(fill->quantity, 0);
    EXPECT_GT(fill->quote_amount, 0);
}

TEST_F(BybitVenueTest, ExitsBecomeTakeProfitAndStopLossOnThePosition) {
    auto venue = open_venue();
    ASSERT_TRUE(venue);
    const double price = last_price();
    venue->set_reference_price(price);
    engine::OrderRequest order;
    order.id = ClientOrderId{BotId(9), 2};
    order.quote_amount = 1000;
    order.exits.stop_fraction = 0.05;
    order.exits.target_fractions[0] = 0.10;
    order.exits.target_count = 1;
    ASSERT_TRUE(venue->submit(order));
    ASSERT_TRUE(venue->reconcile());
    const auto position = venue->position();
    EXPECT_FALSE(position.size.is_zero());
    EXPECT_NEAR(position.take_profit.to_double(), price * 1.10, 1.0);
    EXPECT_NEAR(position.stop_loss.to_double(), price * 0.95, 1.0);
}

TEST_F(BybitVenueTest, BadCredentialsAreOneClearErrorWithoutTheSecret) {
    auto venue =
        BybitVenue::open(options(), {"mock-bybit-key", "a-very-secret-secret"}, wall_clock);
    ASSERT_FALSE(venue);
    EXPECT_EQ(venue.error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(venue.error().message.find("a-very-secret-secret"), std::string::npos);
    EXPECT_EQ(venue.error().message.find("mock-bybit-key"), std::string::npos)
        << venue.error().message;
}

TEST_F(BybitVenueTest, OrdersUnderTheMinimumAreRefusedBeforeSending) {
    auto venue = open_venue();
    ASSERT_TRUE(venue);
    venue->set_reference_price(last_price());
    engine::OrderRequest order;
    order.id = ClientOrderId{BotId(9), 3};
    order.quote_amount = 0.5;
    auto refused = venue->submit(order);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Rejected);
    EXPECT_EQ(orders_with(order_link_id(order.id)), 0U);
}

}  // namespace
}  // namespace osprey::bybit
