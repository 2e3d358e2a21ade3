#include "exchanges/binance/filters.hpp"

#include <gtest/gtest.h>

namespace osprey::binance {
namespace {

constexpr std::string_view exchange_info = R"({"timezone":"UTC","symbols":[
 {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT",
  "quoteAssetPrecision":8,"filters":[
   {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
   {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
   {"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"100.00000000","stepSize":"0.00000000"},
   {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000"}]},
 {"symbol":"LTCBTC","status":"HALT","baseAsset":"LTC","quoteAsset":"BTC","filters":[
   {"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0.00000100"},
   {"filterType":"MIN_NOTIONAL","minNotional":"0.00100000","applyToMarket":true,"avgPriceMins":5}]}]})";

Price price(std::string_view text) {
    return *Price::parse(text);
}

Quantity quantity(std::string_view text) {
    return *Quantity::parse(text);
}

TEST(BinanceFilters, ParsesEverySymbolAndFilter) {
    auto rules = parse_exchange_info(exchange_info);
    ASSERT_TRUE(rules) << rules.error().message;
    ASSERT_EQ(rules->size(), 2U);
    const SymbolRules& btc = (*rules)[0];
    EXPECT_EQ(btc.symbol.view(), "BTCUSDT");
    EXPECT_TRUE(btc.trading);
    EXPECT_EQ(btc.base_asset, "BTC");
    EXPECT_EQ(btc.tick_size, price("0.01"));
    EXPECT_EQ(btc.step_size, quantity("0.00001"));
    EXPECT_EQ(btc.min_notional, *Decimal::parse("5"));
    EXPECT_TRUE(btc.market_step_size.is_zero());
    EXPECT_FALSE((*rules)[1].trading);
    EXPECT_EQ((*rules)[1].min_notional, *Decimal::parse("0.001"));
}

TEST(BinanceFilters, RoundsExactlyAndPrintsPlainDecimals) {
    const SymbolRules btc = (*parse_exchange_info(exchange_info))[0];
    EXPECT_EQ(round_price(btc, price("64123.456")).to_string(), "64123.46");
    EXPECT_EQ(round_price(btc, price("64123.454")).to_string(), "64123.45");
    EXPECT_EQ(floor_quantity(btc, quantity("0.123456789")).to_string(), "0.12345");
    // 0.1 + 0.2 is 0.3 in decimals: no float residue survives the step.
    EXPECT_EQ(floor_quantity(btc, quantity("0.1") + quantity("0.2")).to_string(), "0.3");
    EXPECT_EQ(floor_quantity(btc, quantity("0.00001")).to_string(), "0.00001");
    EXPECT_EQ(floor_market_quantity(btc, quantity("1.234567")).to_string(), "1.23456");
}

TEST(BinanceFilters, ChecksNameTheFailingFilter) {
    const SymbolRules btc = (*parse_exchange_info(exchange_info))[0];
    EXPECT_TRUE(check_order(btc, price("60000"), quantity("0.001")));
    auto off_tick = check_order(btc, price("60000.005"), quantity("0.001"));
    ASSERT_FALSE(off_tick);
    EXPECT_EQ(off_tick.error().message, "Filter failure: PRICE_FILTER");
    EXPECT_EQ(check_order(btc, price("60000"), quantity("0.000015")).error().message,
              "Filter failure: LOT_SIZE");
    EXPECT_EQ(check_order(btc, price("60000"), quantity("0.00005")).error().message,
              "Filter failure: NOTIONAL");
}

TEST(BinanceFilters, RejectsBrokenAnswers) {
    EXPECT_FALSE(parse_exchange_info("{"));
    EXPECT_FALSE(parse_exchange_info(R"({"symbols":3})"));
    EXPECT_FALSE(parse_exchange_info(
        R"({"symbols":[{"symbol":"X","status":"TRADING","baseAsset":"X","quoteAsset":"Y","filters":[{"filterType":"LOT_SIZE","stepSize":"1e-5"}]}]})"));
}

}  // namespace
}  // namespace osprey::binance
