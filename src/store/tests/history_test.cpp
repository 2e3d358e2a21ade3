// Candles, signals, equity snapshots and events, on every backend.

#include <array>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "store/tests/conformance.hpp"
#include "store/tests/records.hpp"

namespace osprey::store_tests {
namespace {

engine::CandleSeries btc_hourly() {
    return {.venue = "binance", .symbol = btc(), .timeframe = *Timeframe::parse("1h")};
}

Candle candle(std::int64_t hour, double close) {
    return Candle{.open_time = Timestamp::from_millis(hour * 3'600'000),
                  .open = 100.5,
                  .high = 101.25,
                  .low = 99.125,
                  .close = close,
                  .volume = 12.000000000000002};
}

TEST_P(StoreConformance, CandlesAreUpsertedByOpenTimeAndReadByRange) {
    const std::vector<Candle> first{candle(0, 100), candle(1, 101), candle(2, 102)};
    ASSERT_TRUE(store().save_candles(btc_hourly(), first));
    // A later copy of the last bar (it was still forming) replaces it.
    const std::vector<Candle> update{candle(2, 102.5), candle(3, 103)};
    ASSERT_TRUE(store().save_candles(btc_hourly(), update));

    auto loaded = store().load_candles(btc_hourly(), Timestamp::from_millis(3'600'000),
                                       candle(4, 0).open_time);
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->size(), 3U);
    EXPECT_EQ((*loaded)[0], candle(1, 101));
    EXPECT_EQ((*loaded)[1], candle(2, 102.5));
    EXPECT_EQ((*loaded)[2], candle(3, 103));

    engine::CandleSeries other = btc_hourly();
    other.timeframe = *Timeframe::parse("15m");
    EXPECT_TRUE(store().load_candles(other, Timestamp(), candle(9, 0).open_time)->empty());
}

TEST_P(StoreConformance, SignalsKeepTheirFeaturesAndUnsetLevels) {
    Signal signal;
    signal.direction = Direction::Buy;
    signal.reason = "vwap pullback";
    signal.entry = 81234.5;
    signal.stop = 80000.25;
    signal.take_profit = {82000, 83000, Signal::unset};
    signal.quality = Quality::Strong;
    signal.features.add("rsi", 48.75);
    signal.features.add("vwap_distance_atr", -0.5);
    signal.features.add("missing", Signal::unset);
    ASSERT_TRUE(
        store().record_signal(engine::signal_record(BotId(1), btc(), at(10), signal, true)));
    signal.clear();
    signal.direction = Direction::Sell;
    ASSERT_TRUE(
        store().record_signal(engine::signal_record(BotId(1), btc(), at(20), signal, false)));
    ASSERT_TRUE(
        store().record_signal(engine::signal_record(BotId(2), btc(), at(15), signal, false)));

    auto signals = store().load_signals(BotId(1), at(0), at(30));
    ASSERT_TRUE(signals) << signals.error().message;
    ASSERT_EQ(signals->size(), 2U);
    const engine::SignalRecord& first = (*signals)[0];
    EXPECT_EQ(first.direction, Direction::Buy);
    EXPECT_EQ(first.reason, "vwap pullback");
    EXPECT_EQ(first.entry, 81234.5);
    EXPECT_EQ(first.take_profit[1], 83000);
    EXPECT_TRUE(std::isnan(first.take_profit[2]));
    EXPECT_TRUE(std::isnan(first.confidence));
    EXPECT_EQ(first.quality, Quality::Strong);
    EXPECT_TRUE(first.executed);
    ASSERT_EQ(first.features.size(), 3U);
    EXPECT_EQ(first.features[1], (engine::NamedFeature{"vwap_distance_atr", -0.5}));
    EXPECT_TRUE(std::isnan(first.features[2].value));
    EXPECT_TRUE((*signals)[1].features.empty());
    EXPECT_FALSE((*signals)[1].executed);
}

TEST_P(StoreConformance, EquitySnapshotsRoundTripExactly) {
    const engine::EquitySnapshot account{
        .bot = BotId(0), .at = at(1), .cash = decimal("0.1"), .equity = decimal("1000.3")};
    const engine::EquitySnapshot bot{.bot = BotId(1),
                                     .at = at(2),
                                     .cash = decimal("99.999999999999999"),
                                     .equity = decimal("100.000000000000001")};
    ASSERT_TRUE(store().record_equity(account));
    ASSERT_TRUE(store().record_equity(bot));
    auto loaded = store().load_equity(BotId(1), at(0), at(10));
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->size(), 1U);
    EXPECT_EQ((*loaded)[0], bot);
    EXPECT_EQ(store().load_equity(BotId(0), at(0), at(10))->at(0), account);
}

TEST_P(StoreConformance, ProgressIsPerBotAndTheLatestWriteWins) {
    auto none = store().load_progress(BotId(1));
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_FALSE(none->has_value());
    const std::array<engine::BotProgress, 2> first{engine::BotProgress{BotId(1), at(5)},
                                                   engine::BotProgress{BotId(2), at(7)}};
    ASSERT_TRUE(store().save_progress(first));
    const std::array<engine::BotProgress, 1> later{engine::BotProgress{BotId(1), at(6)}};
    ASSERT_TRUE(store().save_progress(later));
    EXPECT_EQ(store().load_progress(BotId(1))->value_or(Timestamp{}), at(6));
    EXPECT_EQ(store().load_progress(BotId(2))->value_or(Timestamp{}), at(7));
}

TEST_P(StoreConformance, ATickWritesItsSignalsAndProgressTogether) {
    std::array<engine::SignalRecord, 2> signals{};
    signals[0].bot = BotId(1);
    signals[0].symbol = btc();
    signals[0].at = at(3);
    signals[0].direction = Direction::Buy;
    signals[0].features = {{"rsi", 55.5}};
    signals[1] = signals[0];
    signals[1].bot = BotId(2);
    const std::array<engine::BotProgress, 2> progress{engine::BotProgress{BotId(1), at(2)},
                                                      engine::BotProgress{BotId(2), at(2)}};
    ASSERT_TRUE(store().save_tick(progress, signals));
    auto restarted = reopen();
    ASSERT_NE(restarted, nullptr);
    EXPECT_EQ(restarted->load_progress(BotId(2))->value_or(Timestamp{}), at(2));
    auto first = restarted->load_signals(BotId(1), at(0), at(10));
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->size(), 1U);
    EXPECT_EQ((*first)[0].features.at(0), (engine::NamedFeature{"rsi", 55.5}));
    EXPECT_EQ(restarted->load_signals(BotId(2), at(0), at(10))->size(), 1U);
}

TEST_P(StoreConformance, EventsReturnTheNewestOldestFirst) {
    for (int index = 0; index < 5; ++index) {
        ASSERT_TRUE(store().record_event({.at = at(index),
                                          .bot = BotId(1),
                                          .level = engine::EventLevel::Warning,
                                          .kind = "reconnected",
                                          .message = "stream " + std::to_string(index)}));
    }
    auto events = store().load_events(2);
    ASSERT_TRUE(events) << events.error().message;
    ASSERT_EQ(events->size(), 2U);
    EXPECT_EQ((*events)[0].message, "stream 3");
    EXPECT_EQ((*events)[1].message, "stream 4");
    EXPECT_EQ((*events)[1].level, engine::EventLevel::Warning);
}

}  // namespace
}  // namespace osprey::store_tests
