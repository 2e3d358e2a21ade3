// Order bodies and queries: the exact bytes that get signed and sent.

#include "exchanges/bybit/orders.hpp"

#include <gtest/gtest.h>

#include "exchanges/bybit/signing.hpp"

namespace osprey::bybit {
namespace {

TEST(BybitOrders, MarketOrderBodyMatchesTheSignedVector) {
    OrderTicket ticket;
    ticket.symbol = *Symbol::parse("BTCUSDT");
    ticket.quantity = *Quantity::parse("0.00100");
    ticket.link_id = "bot-0001";
    const std::string body = create_order_body(ticket);
    EXPECT_EQ(body, R"({"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market",)"
                    R"("qty":"0.001","orderLinkId":"bot-0001"})");
    // The same bytes as vector Y3, so the signature is Y3's.
    EXPECT_EQ(sign_request({"XXXXXXXXXX", "bybit-test-secret"}, 1672211928338, 5000, body),
              "bccb9aaf773667c1937b1f115cba46d47baf01562f0a558f9711a7bd3f928f4b");
}

TEST(BybitOrders, LimitOrderWithProtectionUsesPlainDecimals) {
    OrderTicket ticket;
    ticket.category = Category::Spot;
    ticket.symbol = *Symbol::parse("ETHUSDT");
    ticket.side = Side::Sell;
    ticket.type = OrderType::Limit;
    ticket.quantity = Quantity(Decimal::from_units(1, 5));
    ticket.price = *Price::parse("2500.50");
    ticket.link_id = order_link_id({BotId(7), 42});
    EXPECT_EQ(
        create_order_body(ticket),
        R"({"category":"spot","symbol":"ETHUSDT","side":"Sell","orderType":"Limit","qty":"0.00001",)"
        R"("price":"2500.5","timeInForce":"GTC","orderLinkId":"osp-7-16"})");
}

TEST(BybitOrders, OrderLinkIdsRoundTrip) {
    const ClientOrderId id{BotId(12), 345};
    EXPECT_EQ(order_link_id(id), "osp-c-9l");
    EXPECT_EQ(*parse_order_link_id("osp-c-9l"), id);
    EXPECT_FALSE(parse_order_link_id("bot-0001"));
    EXPECT_FALSE(parse_order_link_id("osp-12-"));
    EXPECT_LE(order_link_id({BotId(~0ULL), ~0ULL}).size(), 36U);
}

TEST(BybitOrders, TradingStopBody) {
    TradingStop stop;
    stop.symbol = *Symbol::parse("BTCUSDT");
    stop.take_profit = *Price::parse("70000");
    stop.stop_loss = *Price::parse("60000.0");
    EXPECT_EQ(
        trading_stop_body(stop),
        R"({"category":"linear","symbol":"BTCUSDT","tpslMode":"Full","positionIdx":0,)"
        R"("takeProfit":"70000","tpTriggerBy":"LastPrice","stopLoss":"60000","slTriggerBy":"LastPrice"})");
}

TEST(BybitOrders, Queries) {
    const auto btc = *Symbol::parse("BTCUSDT");
    EXPECT_EQ(order_query(Category::Linear, btc, "osp-1-2"),
              "category=linear&symbol=BTCUSDT&orderLinkId=osp-1-2");
    EXPECT_EQ(order_query(Category::Linear, btc, ""), "category=linear&symbol=BTCUSDT");
    EXPECT_EQ(position_query(btc), "category=linear&symbol=BTCUSDT");
    EXPECT_EQ(wallet_query("USDT"), "accountType=UNIFIED&coin=USDT");
    EXPECT_EQ(cancel_order_body(Category::Spot, btc, "osp-1-2"),
              R"({"category":"spot","symbol":"BTCUSDT","orderLinkId":"osp-1-2"})");
}

}  // namespace
}  // namespace osprey::bybit
