#include "data/resample.hpp"

#include <algorithm>
#include <map>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "data/candle_reader.hpp"

namespace osprey::data {
namespace {

const Timeframe one_minute(std::chrono::minutes(1));

Candle bar(std::int64_t minute, double open, double high, double low, double close, double volume) {
    return Candle{Timestamp::from_millis(minute * 60'000), open, high, low, close, volume};
}

// The obvious definition, to check the streaming resampler against: group
// by period start and keep only periods whose last minute is present or that
// are followed by a later bar.
std::vector<Candle> reference_resample(const std::vector<Candle>& candles, Duration span) {
    std::map<std::int64_t, Candle> buckets;
    for (const Candle& c : candles) {
        const auto start = c.open_time.floor_to(span).nanos();
        auto [it, fresh] = buckets.try_emplace(start, c);
        Candle& b = it->second;
        if (fresh) {
            b.open_time = Timestamp::from_nanos(start);
            continue;
        }
        b.high = std::max(b.high, c.high);
        b.low = std::min(b.low, c.low);
        b.close = c.close;
        b.volume += c.volume;
    }
    std::vector<Candle> out;
    for (const auto& [start, b] : buckets) {
        const bool ended = candles.back().open_time + std::chrono::minutes(1)
                           >= Timestamp::from_nanos(start) + span;
        const bool followed = candles.back().open_time >= Timestamp::from_nanos(start) + span;
        if (ended || followed) {
            out.push_back(b);
        }
    }
    return out;
}

TEST(Resample, BuildsThreeMinuteBarsAlignedToTheEpoch) {
    // Starts at minute 1, so the first 3m period [0, 3) is missing minute 0.
    const std::vector<Candle> candles = {
        bar(1, 10, 12, 9, 11, 1),  bar(2, 11, 13, 10, 12, 2),  // period [0,3)
        bar(3, 12, 12, 8, 9, 3),   bar(4, 9, 10, 7, 8, 4),    bar(5, 8, 15, 8, 14, 5),  // [3,6)
        bar(6, 14, 14, 13, 13, 6),  // [6,9): unfinished, left out
    };
    const auto bars = resample(candles, one_minute, *Timeframe::parse("3m"));
    ASSERT_TRUE(bars);
    ASSERT_EQ(bars->size(), 2u);
    EXPECT_EQ((*bars)[0], bar(0, 10, 13, 9, 12, 3));
    EXPECT_EQ((*bars)[1], bar(3, 12, 15, 7, 14, 12));
}

TEST(Resample, ClosesAPeriodLeftUnfinishedByAGapWhenTheNextBarArrives) {
    Resampler resampler(one_minute, *Timeframe::parse("15m"));
    EXPECT_FALSE(resampler.on_candle(bar(0, 1, 2, 1, 2, 1)));
    EXPECT_FALSE(resampler.on_candle(bar(5, 2, 3, 2, 3, 1)));  // then minutes 6..29 are missing
    const auto closed = resampler.on_candle(bar(29, 3, 4, 3, 4, 1));
    ASSERT_TRUE(closed);
    EXPECT_EQ(*closed, bar(0, 1, 3, 1, 3, 2));
    // Minute 29 also ended the period [15, 30): held back for the next call.
    const auto held = resampler.flush();
    ASSERT_TRUE(held);
    EXPECT_EQ(*held, bar(15, 3, 4, 3, 4, 1));
}

TEST(Resample, RefusesATargetThatIsNotAWholeMultiple) {
    const std::vector<Candle> candles = {bar(0, 1, 1, 1, 1, 1)};
    const auto result = resample(candles, *Timeframe::parse("3m"), *Timeframe::parse("10m"));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, "cannot resample 3m candles into 10m: not a whole multiple");
}

TEST(Resample, InfersTheTimeframeFromTheSmallestStep) {
    const std::vector<Candle> candles = {bar(0, 1, 1, 1, 1, 1), bar(5, 1, 1, 1, 1, 1),
                                         bar(6, 1, 1, 1, 1, 1)};
    EXPECT_EQ(infer_timeframe(candles)->to_string(), "1m");
    EXPECT_FALSE(infer_timeframe(std::span(candles).first(1)));
}

RC_GTEST_PROP(Resample, EqualsTheGroupByDefinitionAndKeepsOhlcBounds,
              (const std::vector<std::uint8_t>& steps, std::uint8_t multiple_seed)) {
    RC_PRE(!steps.empty());
    const int multiple = 2 + multiple_seed % 60;
    std::vector<Candle> candles;
    std::int64_t minute = 7;
    double price = 100;
    for (const std::uint8_t step : steps) {
        minute += 1 + step % 4;  // gaps of up to 3 minutes
        const double next = price + (step % 7) - 3;
        candles.push_back(
            bar(minute, price, std::max(price, next) + 1, std::min(price, next) - 1, next, step));
        price = next;
    }
    const Timeframe target{std::chrono::minutes(multiple)};
    const auto bars = resample(candles, one_minute, target);
    RC_ASSERT(bars.has_value());
    RC_ASSERT(*bars == reference_resample(candles, target.span()));
    for (const Candle& b : *bars) {
        RC_ASSERT(b.open_time.floor_to(target.span()) == b.open_time);
        RC_ASSERT(b.high >= std::max(b.open, b.close));
        RC_ASSERT(b.low <= std::min(b.open, b.close));
    }
}

TEST(Resample, PreservesVolumeOfRealMinuteBarsIntoDays) {
    const auto candles = read_candles(OSPREY_SHARED_DATA "/candles/FILUSDT-1m.csv");
    ASSERT_TRUE(candles);
    const auto days = resample(*candles, one_minute, *Timeframe::parse("1d"));
    ASSERT_TRUE(days);
    EXPECT_EQ(days->size(), 122u);  // August to November 2023
    double minute_volume = 0;
    for (const Candle& c : *candles) {
        minute_volume += c.volume;
    }
    double day_volume = 0;
    for (const Candle& d : *days) {
        day_volume += d.volume;
    }
    EXPECT_NEAR(day_volume, minute_volume, minute_volume * 1e-12);
    EXPECT_EQ(days->front().open, candles->front().open);
    EXPECT_EQ(days->back().close, candles->back().close);
}

}  // namespace
}  // namespace osprey::data
