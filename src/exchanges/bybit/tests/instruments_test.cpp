// Filters from instruments-info and exact rounding (protocols/bybit-v5.md §3.1).

#include "exchanges/bybit/instruments.hpp"

#include <gtest/gtest.h>

namespace osprey::bybit {
namespace {

constexpr std::string_view linear_reply =
    R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[
 {"symbol":"BTCUSDT","contractType":"LinearPerpetual","status":"Trading",
  "priceFilter":{"minPrice":"0.10","maxPrice":"1999999.80","tickSize":"0.10"},
  "lotSizeFilter":{"maxOrderQty":"1190.000","minOrderQty":"0.001","qtyStep":"0.001","maxMktOrderQty":"500.000","minNotionalValue":"5"}}],
 "nextPageCursor":""},"retExtInfo":{},"time":1672211928338})";

constexpr std::string_view spot_reply =
    R"({"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[
 {"symbol":"ETHUSDT","baseCoin":"ETH","quoteCoin":"USDT","status":"Trading",
  "lotSizeFilter":{"basePrecision":"0.00001","quotePrecision":"0.0000001","minOrderQty":"0.00062","maxOrderQty":"1000","minOrderAmt":"1","maxOrderAmt":"2000000"},
  "priceFilter":{"tickSize":"0.01"}}]},"retExtInfo":{},"time":1})";

Price price(std::string_view text) {
    return *Price::parse(text);
}

Quantity quantity(std::string_view text) {
    return *Quantity::parse(text);
}

TEST(BybitInstruments, ReadsLinearFilters) {
    auto rules = parse_instruments(linear_reply);
    ASSERT_TRUE(rules) << rules.error().message;
    ASSERT_EQ(rules->size(), 1U);
    const auto& btc = rules->front();
    EXPECT_EQ(btc.symbol.view(), "BTCUSDT");
    EXPECT_EQ(btc.tick_size, price("0.1"));
    EXPECT_EQ(btc.quantity_step, quantity("0.001"));
    EXPECT_EQ(btc.min_quantity, quantity("0.001"));
    EXPECT_EQ(btc.min_notional, *Decimal::parse("5"));
}

TEST(BybitInstruments, ReadsSpotFiltersFromBasePrecisionAndMinOrderAmt) {
    auto rules = parse_instruments(spot_reply);
    ASSERT_TRUE(rules) << rules.error().message;
    const auto& eth = rules->front();
    EXPECT_EQ(eth.quantity_step, quantity("0.00001"));
    EXPECT_EQ(eth.tick_size, price("0.01"));
    EXPECT_EQ(eth.min_notional, *Decimal::parse("1"));
}

TEST(BybitInstruments, RoundsExactlyAndPrintsPlainDecimals) {
    const auto btc = parse_instruments(linear_reply)->front();
    EXPECT_EQ(btc.round_quantity(quantity("0.0019999")).to_string(), "0.001");
    EXPECT_EQ(btc.round_price(price("65000.17"), Side::Buy).to_string(), "65000.1");
    EXPECT_EQ(btc.round_price(price("65000.11"), Side::Sell).to_string(), "65000.2");
    // 0.1 + 0.2 steps: exact, no binary residue.
    EXPECT_EQ(btc.round_quantity(quantity("0.003")).to_string(), "0.003");
}

TEST(BybitInstruments, RefusesOrdersUnderTheMinimums) {
    const auto btc = parse_instruments(linear_reply)->front();
    auto zero = btc.tradable_quantity(quantity("0.0004"), price("60000"));
    ASSERT_FALSE(zero);
    EXPECT_NE(zero.error().message.find("rounds to zero"), std::string::npos);
    auto small = btc.tradable_quantity(quantity("0.001"), price("1000"));
    ASSERT_FALSE(small);
    EXPECT_NE(small.error().message.find("notional 1 is under the minimum 5"), std::string::npos);
    auto fine = btc.tradable_quantity(quantity("0.0127"), price("60000"));
    ASSERT_TRUE(fine);
    EXPECT_EQ(fine->to_string(), "0.012");
}

TEST(BybitInstruments, AnErrorReplyIsOneClearError) {
    auto rules =
        parse_instruments(R"({"retCode":10001,"retMsg":"params error","result":{},"time":1})");
    ASSERT_FALSE(rules);
    EXPECT_EQ(rules.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(rules.error().message, "Bybit instruments: params error (retCode 10001)");
    EXPECT_FALSE(parse_instruments("<html>502</html>"));
}

}  // namespace
}  // namespace osprey::bybit
