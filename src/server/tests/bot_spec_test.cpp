// A bot spec from untrusted JSON: defaults, errors naming the field, and the
// stored form reading back to the same bot.

#include "server/bot_spec.hpp"

#include <string>

#include <gtest/gtest.h>

namespace osprey::server {
namespace {

constexpr std::string_view minimal =
    R"({"name":"b","symbol":"BTCUSDT","strategy":"ema_cross","amount":100})";

std::string error_of(std::string_view json) {
    auto spec = parse_bot_spec(json);
    return spec ? std::string("(parsed)") : spec.error().message;
}

TEST(BotSpec, OnlyNameSymbolStrategyAndAmountAreNeeded) {
    auto spec = parse_bot_spec(minimal);
    ASSERT_TRUE(spec) << spec.error().message;
    EXPECT_EQ(spec->amount.to_string(), "100");
    EXPECT_EQ(spec->mode, BotMode::Paper);
    EXPECT_EQ(spec->exchange, "binance");
    EXPECT_EQ(spec->timeframe.to_string(), "1m");
    EXPECT_EQ(spec->sizing, SizingChoice::Amount);
    EXPECT_TRUE(spec->compounding);
}

TEST(BotSpec, TheStoredFormReadsBackToTheSameBot) {
    auto spec = parse_bot_spec(
        R"({"name":"b","symbol":"LINKUSDT","strategy":"scalp","amount":"12.5","mode":"live",)"
        R"("exchange":"bybit","timeframe":"3m","parameters":{"fast":5,"style":"x"},)"
        R"("stop_loss_pct":1.5,"take_profit_pct":0,"trailing_stop_pct":0.5,"compounding":false,)"
        R"("sizing":"risk_percent","risk_pct":2,"fee_aware":true,"fee":0.00075})");
    ASSERT_TRUE(spec) << spec.error().message;
    auto again = parse_bot_spec(to_json(*spec));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(to_json(*again), to_json(*spec));
    EXPECT_EQ(again->amount.to_string(), "12.5");
    EXPECT_EQ(again->sizing, SizingChoice::RiskPercent);
    EXPECT_EQ(again->parameters.size(), 2U);
    EXPECT_EQ(again->mode, BotMode::Live);
    EXPECT_DOUBLE_EQ(again->fee, 0.00075);
}

TEST(BotSpec, EveryErrorNamesItsField) {
    EXPECT_EQ(error_of("[1]"), "the body must be a JSON object");
    EXPECT_NE(error_of("{").find("not JSON"), std::string::npos);
    EXPECT_EQ(error_of(R"({"symbol":"BTCUSDT","strategy":"x","amount":1})"), "name: is required");
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"btc usdt","strategy":"x","amount":1})")
                  .rfind("symbol: ", 0),
              0U);
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"BTCUSDT","strategy":"x","amount":"1e5"})")
                  .rfind("amount: ", 0),
              0U);
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"BTCUSDT","strategy":"x","amount":1,"mode":"real"})")
                  .rfind("mode: ", 0),
              0U);
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"BTCUSDT","strategy":"x","amount":1,)"
                       R"("stop_loss_pct":100})")
                  .rfind("stop_loss_pct: ", 0),
              0U);
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"BTCUSDT","strategy":"x","amount":1,)"
                       R"("sizing":"risk_percent","stop_loss_pct":0})"),
              "sizing: risk sizing needs a stop loss (stop_loss_pct above 0)");
    EXPECT_EQ(error_of(R"({"name":"b","symbol":"BTCUSDT","strategy":"x","amount":1,"tp":3})")
                  .rfind("tp: unknown field", 0),
              0U);
}

TEST(BotSpec, AnUpdateChangesOnlyWhatItNames) {
    auto spec = parse_bot_spec(minimal);
    ASSERT_TRUE(spec);
    auto updated = update_bot_spec(*spec, R"({"amount":"250","take_profit_pct":7})");
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->amount.to_string(), "250");
    EXPECT_DOUBLE_EQ(updated->take_profit_pct, 7);
    EXPECT_EQ(updated->name, "b");
    EXPECT_DOUBLE_EQ(updated->stop_loss_pct, spec->stop_loss_pct);
    EXPECT_FALSE(update_bot_spec(*spec, R"({"amount":0})"));
}

}  // namespace
}  // namespace osprey::server
