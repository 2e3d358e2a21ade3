// Every streaming indicator, fed bar by bar, gives the same numbers as its
// batch form over the same series, to the last bit (DESIGN.md "Indicators").

#include <bit>
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "indicators/atr.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/macd.hpp"
#include "indicators/rsi.hpp"
#include "indicators/vwap.hpp"

namespace osprey::indicators {
namespace {

bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b))
           || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// A random walk of candles on a 1h grid, crossing several UTC days, with
// some zero-volume bars and occasional flat stretches.
std::vector<Candle> random_candles() {
    const auto steps = *rc::gen::container<std::vector<int>>(rc::gen::inRange(-50, 51));
    const auto scale = *rc::gen::element(1e-6, 0.01, 1.0, 60000.0);
    std::vector<Candle> candles;
    candles.reserve(steps.size());
    double price = 1000;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const double next = std::max(1.0, price + (steps[i] % 7 == 0 ? 0 : steps[i]));
        const double volume = steps[i] % 5 == 0 ? 0.0 : std::abs(steps[i]) * 3.0;
        candles.push_back(Candle{Timestamp::from_millis(static_cast<std::int64_t>(i) * 3'600'000),
                                 price * scale, (std::max(price, next) + 2) * scale,
                                 (std::min(price, next) - 0.5) * scale, next * scale, volume});
        price = next;
    }
    return candles;
}

std::vector<double> closes_of(const std::vector<Candle>& candles) {
    std::vector<double> closes;
    closes.reserve(candles.size());
    for (const Candle& c : candles) {
        closes.push_back(c.close);
    }
    return closes;
}

template <class Update>
void check_stream(const std::vector<double>& batch, std::size_t size, Update&& update) {
    RC_ASSERT(batch.size() == size);
    for (std::size_t i = 0; i < size; ++i) {
        const double streamed = update(i);
        if (!same(streamed, batch[i])) {
            RC_FAIL("bar " + std::to_string(i) + ": streaming " + std::to_string(streamed)
                    + " vs batch " + std::to_string(batch[i]));
        }
    }
}

RC_GTEST_PROP(Streaming, SmaEmaRsiEqualTheirBatchForms, ()) {
    const auto candles = random_candles();
    const auto closes = closes_of(candles);
    const int period = *rc::gen::inRange(1, 40);
    Sma s(period);
    check_stream(sma(closes, period), closes.size(),
                 [&](std::size_t i) { return s.update(closes[i]); });
    Ema e(period);
    check_stream(ema(closes, period), closes.size(),
                 [&](std::size_t i) { return e.update(closes[i]); });
    Rsi r(period);
    check_stream(rsi(closes, period), closes.size(),
                 [&](std::size_t i) { return r.update(closes[i]); });
}

RC_GTEST_PROP(Streaming, MacdEqualsItsBatchForm, ()) {
    const auto closes = closes_of(random_candles());
    const int fast = *rc::gen::inRange(1, 20);
    const int slow = fast + *rc::gen::inRange(1, 30);
    const int signal = *rc::gen::inRange(1, 15);
    const MacdSeries batch = macd(closes, fast, slow, signal);
    Macd stream(fast, slow, signal);
    std::vector<MacdValue> streamed;
    streamed.reserve(closes.size());
    for (const double c : closes) {
        streamed.push_back(stream.update(c));
    }
    check_stream(batch.macd, closes.size(), [&](std::size_t i) { return streamed[i].macd; });
    check_stream(batch.signal, closes.size(), [&](std::size_t i) { return streamed[i].signal; });
    check_stream(batch.histogram, closes.size(),
                 [&](std::size_t i) { return streamed[i].histogram; });
}

RC_GTEST_PROP(Streaming, BollingerEqualsItsBatchForm, ()) {
    const auto closes = closes_of(random_candles());
    const int period = *rc::gen::inRange(1, 40);
    const BollingerSeries batch = bollinger(closes, period, 2.0);
    Bollinger stream(period, 2.0);
    std::vector<BollingerValue> streamed;
    streamed.reserve(closes.size());
    for (const double c : closes) {
        streamed.push_back(stream.update(c));
    }
    check_stream(batch.upper, closes.size(), [&](std::size_t i) { return streamed[i].upper; });
    check_stream(batch.middle, closes.size(), [&](std::size_t i) { return streamed[i].middle; });
    check_stream(batch.lower, closes.size(), [&](std::size_t i) { return streamed[i].lower; });
}

RC_GTEST_PROP(Streaming, AtrVwapVolumeRatioEqualTheirBatchForms, ()) {
    const auto candles = random_candles();
    const int period = *rc::gen::inRange(1, 40);
    Atr a(period);
    check_stream(atr(candles, period), candles.size(),
                 [&](std::size_t i) { return a.update(candles[i]); });
    Vwap v;
    check_stream(vwap(candles), candles.size(),
                 [&](std::size_t i) { return v.update(candles[i]); });
    std::vector<double> volumes;
    volumes.reserve(candles.size());
    for (const Candle& c : candles) {
        volumes.push_back(c.volume);
    }
    VolumeRatio ratio(period);
    check_stream(volume_ratio(volumes, period), volumes.size(),
                 [&](std::size_t i) { return ratio.update(volumes[i]); });
}

}  // namespace
}  // namespace osprey::indicators
