// Backtest throughput: ema_cross in memory over the largest 1m file,
// repeated end to end (times shifted) to at least 10M bars. Engine time
// only: the candles are loaded before timing starts.

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "sim/backtest.hpp"
#include "strategy/builtin/ema_cross.hpp"

namespace osprey::bench {
namespace {

std::vector<Candle> ten_million_bars() {
    const std::vector<Candle> month = load_or_die(largest_minute_file);
    const Duration span =
        month.back().open_time - month.front().open_time + std::chrono::minutes(1);
    std::vector<Candle> bars;
    constexpr std::size_t target = 10'000'000;
    bars.reserve(target + month.size());
    for (int lap = 0; bars.size() < target; ++lap) {
        for (Candle c : month) {
            c.open_time = c.open_time + span * lap;
            bars.push_back(c);
        }
    }
    return bars;
}

void EmaCrossBacktest(benchmark::State& state) {
    static const std::vector<Candle> bars = ten_million_bars();
    std::size_t trades = 0;
    std::size_t blocked = 0;
    for (auto _ : state) {
        auto result = sim::run_backtest(bars, Timeframe(std::chrono::minutes(1)),
                                        std::make_unique<strategy::builtin::EmaCross>(12, 26),
                                        sim::BacktestConfig{});
        trades = result->trades.size();
        blocked = result->blocked.size();
        benchmark::DoNotOptimize(result);
    }
    state.counters["bars"] = static_cast<double>(bars.size());
    state.counters["trades"] = static_cast<double>(trades);
    state.counters["blocked"] = static_cast<double>(blocked);
    state.counters["bars_per_s"] = benchmark::Counter(
        static_cast<double>(bars.size()), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(EmaCrossBacktest)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
