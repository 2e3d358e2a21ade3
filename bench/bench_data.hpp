#pragma once
// Shared inputs for the benchmarks: the real candles in shared/data.

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

}  // namespace osprey::bench
