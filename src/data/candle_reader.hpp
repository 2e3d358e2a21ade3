#pragma once
// Candle files (DESIGN.md "Candles"):
// - Osprey CSV: header `ts,open,high,low,close,volume`, ts = open time in ms;
// - Binance public data: 12 columns, optionally with a header row, open time
//   in milliseconds or (newer files) microseconds, detected per row.
// Either may be gzipped. Every row is checked: field count, numbers, time
// strictly after the previous row, positive finite prices, high/low bounding
// open and close, non-negative volume. The first bad row fails the whole
// read with "FILE:LINE: what", so nothing is ever half-loaded.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"

namespace osprey::data {

enum class CandleFormat : std::uint8_t { OspreyCsv, BinanceArchive };

Result<std::vector<Candle>> read_candles(const std::filesystem::path& path);

// Parses text already in memory; `source` names it in error messages.
Result<std::vector<Candle>> parse_candles(std::string_view text, std::string_view source);

}  // namespace osprey::data
