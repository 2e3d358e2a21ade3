// Each streaming indicator, in ns per bar, over the real bars of the largest
// 1m file. Indicators of one number per bar read a contiguous column of it
// (as a strategy's inputs sit in registers or L1), so the figure is the
// indicator's own cost rather than memory bandwidth over 48-byte candles.

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "indicators/atr.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/macd.hpp"
#include "indicators/rsi.hpp"
#include "indicators/vwap.hpp"

namespace osprey::bench {
namespace {

const std::vector<Candle>& candles() {
    static const std::vector<Candle> bars = load_or_die(largest_minute_file);
    return bars;
}

const std::vector<double>& closes() {
    static const std::vector<double> column = [] {
        std::vector<double> out;
        for (const Candle& c : candles()) {
            out.push_back(c.close);
        }
        return out;
    }();
    return column;
}

const std::vector<double>& volumes() {
    static const std::vector<double> column = [] {
        std::vector<double> out;
        for (const Candle& c : candles()) {
            out.push_back(c.volume);
        }
        return out;
    }();
    return column;
}

template <class Indicator, class Input, class Feed>
void per_bar(benchmark::State& state, Indicator indicator, const std::vector<Input>& bars,
             Feed feed) {
    for (auto _ : state) {
        // Summing the outputs keeps them alive without a memory barrier per
        // bar, which would force the indicator's state through memory.
        double sink = 0;
        for (const Input& bar : bars) {
            sink += feed(indicator, bar);
        }
        benchmark::DoNotOptimize(sink);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
    state.counters["ns_per_bar"] = benchmark::Counter(
        static_cast<double>(bars.size()),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

const auto update = [](auto& indicator, const auto& bar) { return indicator.update(bar); };

void Sma20(benchmark::State& s) {
    per_bar(s, indicators::Sma(20), closes(), update);
}

void Ema12(benchmark::State& s) {
    per_bar(s, indicators::Ema(12), closes(), update);
}

void Rsi14(benchmark::State& s) {
    per_bar(s, indicators::Rsi(14), closes(), update);
}

void Macd12_26_9(benchmark::State& s) {
    per_bar(s, indicators::Macd(12, 26, 9), closes(),
            [](auto& m, double close) { return m.update(close).histogram; });
}

void Bollinger20(benchmark::State& s) {
    per_bar(s, indicators::Bollinger(20, 2.0), closes(),
            [](auto& b, double close) { return b.update(close).upper; });
}

void Atr14(benchmark::State& s) {
    per_bar(s, indicators::Atr(14), candles(), update);
}

void Vwap(benchmark::State& s) {
    per_bar(s, indicators::Vwap(), candles(), update);
}

void VolumeRatio20(benchmark::State& s) {
    per_bar(s, indicators::VolumeRatio(20), volumes(), update);
}

BENCHMARK(Sma20);
BENCHMARK(Ema12);
BENCHMARK(Rsi14);
BENCHMARK(Macd12_26_9);
BENCHMARK(Bollinger20);
BENCHMARK(Atr14);
BENCHMARK(Vwap);
BENCHMARK(VolumeRatio20);

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
