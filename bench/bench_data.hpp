#pragma once
// Shared inputs for the benchmarks: the real candles in shared/data.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/candle_reader.hpp"

namespace osprey::bench {

// The largest 1m file of shared/data/candles (175,680 bars).
inline const std::string largest_minute_file =
    std::string(OSPREY_SHARED_DATA) + "/candles/FILUSDT-1m.csv";

inline std::vector<Candle> load_or_die(const std::string& path) {
    auto candles = data::read_candles(path);
    if (!candles) {
        std::fprintf(stderr, "benchmark input: %s\n", candles.error().message.c_str());
        std::exit(1);
    }
    return std::move(*candles);
}

// Every real 1m file of shared/data/candles.
inline std::vector<std::string> minute_files() {
    std::vector<std::string> files;
    for (const char* symbol : {"ALGOUSDT", "AVAXUSDT", "BTCUSDT", "DOTUSDT", "FILUSDT", "LINKUSDT",
                               "LTCUSDT", "NEARUSDT"}) {
        files.push_back(std::string(OSPREY_SHARED_DATA) + "/candles/" + symbol + "-1m.csv");
    }
    return files;
}

// `count` 1m bars synthesised from a real series: the series repeated end to
// end from bar `offset` on, times shifted to follow on, and each lap's prices
// scaled so it opens where the previous lap closed (no artificial gap).
inline std::vector<Candle> tiled(const std::vector<Candle>& real, std::size_t count,
                                 std::size_t offset = 0) {
    const Duration minute = std::chrono::minutes(1);
    std::vector<Candle> bars;
    bars.reserve(count);
    Timestamp at = real.front().open_time;
    double scale = 1.0;
    for (std::size_t i = offset % real.size(); bars.size() < count; i = (i + 1) % real.size()) {
        if (i == 0 && !bars.empty()) {
            scale = bars.back().close / real.front().open;
        }
        Candle c = real[i];
        c.open_time = at;
        c.open *= scale;
        c.high *= scale;
        c.low *= scale;
        c.close *= scale;
        bars.push_back(c);
        at = at + minute;
    }
    return bars;
}

}  // namespace osprey::bench
