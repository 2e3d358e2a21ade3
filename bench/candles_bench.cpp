// CSV parsing throughput, from memory (the file is read once before timing),
// for the Osprey CSV and the same rows in Binance's 12-column layout.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "bench_data.hpp"
#include "data/file_bytes.hpp"

namespace osprey::bench {
namespace {

const std::string& osprey_csv() {
    static const std::string text = *data::read_file_bytes(largest_minute_file);
    return text;
}

const std::string& binance_csv() {
    static const std::string text = [] {
        std::string out;
        for (const Candle& c : load_or_die(largest_minute_file)) {
            out += fmt::format("{},{},{},{},{},{},{},0,0,0,0,0\n", c.open_time.millis(), c.open,
                               c.high, c.low, c.close, c.volume, c.open_time.millis() + 59'999);
        }
        return out;
    }();
    return text;
}

void parse(benchmark::State& state, const std::string& text) {
    std::size_t rows = 0;
    for (auto _ : state) {
        auto candles = data::parse_candles(text, "bench");
        rows = candles->size();
        benchmark::DoNotOptimize(candles);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.counters["rows"] = static_cast<double>(rows);
}

void ParseOspreyCsv(benchmark::State& state) {
    parse(state, osprey_csv());
}

void ParseBinanceCsv(benchmark::State& state) {
    parse(state, binance_csv());
}

BENCHMARK(ParseOspreyCsv)->Unit(benchmark::kMillisecond);
BENCHMARK(ParseBinanceCsv)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
