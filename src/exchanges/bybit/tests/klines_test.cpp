// Kline history: the reply's rows oldest first, exact decimals, and the
// ascending windows pagination walks (protocols/bybit-v5.md §3.2).

#include "exchanges/bybit/klines.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace osprey::bybit {
namespace {

TEST(BybitKlines, RowsComeBackOldestFirstWithTheVenuesDigits) {
    constexpr std::string_view reply =
        R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT","list":[
      ["1670608920000","17071.5","17072","17071","17071.5","10.5","179238.99"],
      ["1670608860000","17071","17073","17070.5","17071.5","1.25000000","21339.56"]]},"retExtInfo":{},"time":1})";
    auto klines = parse_klines(reply);
    ASSERT_TRUE(klines) << klines.error().message;
    ASSERT_EQ(klines->size(), 2U);
    EXPECT_EQ(klines->at(0).open_time.millis(), 1670608860000);
    EXPECT_EQ(klines->at(1).open_time.millis(), 1670608920000);
    EXPECT_EQ(klines->at(0).volume.to_string(), "1.25000000");
    EXPECT_EQ(klines->at(1).high.to_string(), "17072");
    EXPECT_DOUBLE_EQ(klines->at(0).candle().low, 17070.5);
}

TEST(BybitKlines, WindowsHoldAtMostLimitBars) {
    const auto minute = *Timeframe::parse("1m");
    const auto first = Timestamp::from_millis(1'700'000'000'000);
    const auto last = first + std::chrono::minutes(2500);
    const auto window = kline_window(first, last, minute, 1000);
    EXPECT_EQ(window.last - window.first, Duration(std::chrono::minutes(999)));
    const auto tail = kline_window(first + std::chrono::minutes(2000), last, minute, 1000);
    EXPECT_EQ(tail.last, last);
    EXPECT_EQ(
        kline_query(Category::Spot, *Symbol::parse("BTCUSDT"), "1", window, 1000),
        "category=spot&symbol=BTCUSDT&interval=1&start=1700000000000&end=1700059940000&limit=1000");
}

TEST(BybitKlines, IntervalsMapToBybitNames) {
    EXPECT_EQ(*kline_interval(*Timeframe::parse("15m")), "15");
    EXPECT_EQ(*kline_interval(*Timeframe::parse("4h")), "240");
    EXPECT_EQ(*kline_interval(*Timeframe::parse("1d")), "D");
    EXPECT_FALSE(kline_interval(*Timeframe::parse("30s")));
}

TEST(BybitKlines, ABrokenRowIsAnError) {
    EXPECT_FALSE(
        parse_klines(R"({"retCode":0,"retMsg":"OK","result":{"list":[["1","2","3"]]},"time":1})"));
    EXPECT_FALSE(parse_klines(
        R"({"retCode":0,"retMsg":"OK","result":{"list":[["x","1","1","1","1","1","1"]]}})"));
}

}  // namespace
}  // namespace osprey::bybit
