// A sweep of 1,000 ema_cross combinations over one year of 1m candles
// (525,600 bars synthesised from the real FILUSDT file): runs per second on
// 1, 2, ... up to every core. Same combinations, same results whatever the
// thread count (tested in sim/tests/sweep_test.cpp); this measures scaling.

#include <thread>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "sim/sweep.hpp"
#include "strategy/catalog.hpp"

namespace osprey::bench {
namespace {

std::vector<sim::Combination> thousand_combinations(const strategy::StrategyInfo& info) {
    // fast 5..44 × slow 50..295 step 10: 40 × 25 = 1,000.
    std::vector<sim::Axis> axes{{"fast", {}}, {"slow", {}}};
    for (int fast = 5; fast < 45; ++fast) {
        axes[0].values.push_back(fast);
    }
    for (int slow = 50; slow < 300; slow += 10) {
        axes[1].values.push_back(slow);
    }
    return *sim::grid(info, axes);
}

void EmaCrossSweep(benchmark::State& state) {
    static const std::vector<Candle> year = tiled(load_or_die(largest_minute_file), 365 * 24 * 60);
    const strategy::StrategyInfo& info = **strategy::find_strategy("ema_cross");
    const std::vector<sim::Combination> combinations = thousand_combinations(info);
    const sim::SweepSettings settings{sim::BacktestConfig{}, static_cast<unsigned>(state.range(0))};
    for (auto _ : state) {
        std::atomic<std::size_t> completed{0};
        auto runs = sim::run_sweep(year, Timeframe(std::chrono::minutes(1)), info, combinations,
                                   settings, completed);
        benchmark::DoNotOptimize(runs);
    }
    state.counters["combinations"] = static_cast<double>(combinations.size());
    state.counters["runs_per_s"] = benchmark::Counter(
        static_cast<double>(combinations.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void Threads(benchmark::internal::Benchmark* b) {
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    for (unsigned threads = 1; threads < cores; threads *= 2) {
        b->Arg(threads);
    }
    b->Arg(cores);
}

BENCHMARK(EmaCrossSweep)->Apply(Threads)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
