#pragma once
// Kline history: GET /v5/market/kline (protocols/bybit-v5.md §3.2). A page
// holds at most 1000 bars and comes newest first; history is fetched in
// ascending windows of `limit` bars, so each page can be appended as it
// arrives and a resumed download continues from its last bar.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "exchanges/bybit/market.hpp"

namespace osprey::bybit {

inline constexpr int max_klines_per_page = 1000;

// One bar exactly as the venue wrote it: decimals keep the venue's digits.
struct Kline {
    Timestamp open_time;
    Decimal open;
    Decimal high;
    Decimal low;
    Decimal close;
    Decimal volume;

    Candle candle() const;
};

// The bars [first, last] (open times) in windows of at most `limit` bars.
struct KlineWindow {
    Timestamp first;
    Timestamp last;
};

// The window that starts at `first` and stops at `last` or after `limit`
// bars of `timeframe`, whichever comes first.
KlineWindow kline_window(Timestamp first, Timestamp last, Timeframe timeframe, int limit);

// "category=linear&symbol=BTCUSDT&interval=1&start=..&end=..&limit=1000".
std::string kline_query(Category category, const Symbol& symbol, std::string_view interval,
                        KlineWindow window, int limit);

// A kline reply's rows, oldest first.
Result<std::vector<Kline>> parse_klines(std::string_view reply);

}  // namespace osprey::bybit
