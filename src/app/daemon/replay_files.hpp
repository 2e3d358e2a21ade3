#pragma once
// The candle files a daemon replays: each file named SYMBOL-TIMEFRAME.csv
// (or .csv.gz), e.g. LINKUSDT-1m.csv.gz; a folder stands for the candle
// files in it.

#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/replay_feed.hpp"

namespace osprey::app {

// An error names the file (and line) that does not read.
Result<std::vector<sim::ReplayStream>> read_replay_files(const std::vector<std::string>& paths);

}  // namespace osprey::app
