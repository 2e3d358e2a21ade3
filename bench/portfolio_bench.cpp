// The scalp strategy with the pro rules gate over a 50-symbol portfolio,
// one year of 1m candles each (26.3M bars, synthesised from the real 1m
// files, see bench_data.hpp), on one core: seconds per whole run. Candles
// are built before timing starts; the timed part is the portfolio backtest
// (resampling to 3m/15m, indicators, features, gate, fills).

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "sim/portfolio.hpp"
#include "strategy/catalog.hpp"

namespace osprey::bench {
namespace {

constexpr std::size_t symbols = 50;
constexpr std::size_t year_of_minutes = 365 * 24 * 60;

std::vector<sim::SymbolCandles> fifty_symbols() {
    std::vector<std::vector<Candle>> real;
    for (const std::string& file : minute_files()) {
        real.push_back(load_or_die(file));
    }
    std::vector<sim::SymbolCandles> portfolio;
    for (std::size_t i = 0; i < symbols; ++i) {
        // Symbols sharing a source file start at different bars, so no two
        // series are alike.
        portfolio.push_back(sim::SymbolCandles{
            "SYM" + std::to_string(i),
            tiled(real[i % real.size()], year_of_minutes, (i / real.size()) * 7'919)});
    }
    return portfolio;
}

void ScalpWithGatePortfolio(benchmark::State& state) {
    static const std::vector<sim::SymbolCandles> portfolio = fifty_symbols();
    const strategy::StrategyInfo& scalp = **strategy::find_strategy("scalp");
    const strategy::Parameters defaults(scalp.name, scalp.parameters);
    sim::PortfolioConfig config;
    config.backtest.shorting = engine::Shorting::Allowed;
    config.backtest.gate = strategy::RulesGate::pro();
    config.max_open_positions = 10;
    std::size_t trades = 0;
    std::size_t blocked = 0;
    for (auto _ : state) {
        auto result = sim::run_portfolio(
            portfolio, Timeframe(std::chrono::minutes(1)), [&] { return scalp.make(defaults); },
            config);
        if (!result) {
            state.SkipWithError(result.error().message.c_str());
            return;
        }
        trades = blocked = 0;
        for (const sim::SymbolResult& s : result->symbols) {
            trades += s.trades.size();
            blocked += s.blocked.size();
        }
        benchmark::DoNotOptimize(result);
    }
    const double bars = static_cast<double>(symbols * year_of_minutes);
    state.counters["symbols"] = static_cast<double>(symbols);
    state.counters["bars"] = bars;
    state.counters["trades"] = static_cast<double>(trades);
    state.counters["blocked"] = static_cast<double>(blocked);
    state.counters["bars_per_s"] =
        benchmark::Counter(bars, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(ScalpWithGatePortfolio)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
