#pragma once
// The MarketFeed port: closed bars for the symbols the running bots read,
// one stream per symbol and timeframe however many bots read it. A replay
// of candle files (the demo, tests, benchmarks) and the exchanges' kline
// streams implement it. Used by the engine thread only.

#include <optional>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "core/timestamp.hpp"

namespace osprey::engine {

struct MarketBar {
    Symbol symbol;
    Timeframe timeframe{std::chrono::minutes(1)};
    Candle candle;
};

class MarketFeed {
public:
    virtual ~MarketFeed() = default;
    MarketFeed() = default;
    MarketFeed(const MarketFeed&) = delete;
    MarketFeed& operator=(const MarketFeed&) = delete;
    MarketFeed(MarketFeed&&) = delete;
    MarketFeed& operator=(MarketFeed&&) = delete;

    // Adds a stream (a second call for the same one does nothing). Bars up
    // to `caught_up` were acted on before a restart: a replay may deliver
    // them without waiting, since they only rebuild indicators. Returns an
    // error for a symbol the feed cannot provide.
    virtual Status watch(const Symbol& symbol, Timeframe timeframe,
                         std::optional<Timestamp> caught_up) = 0;

    // Waits at most `timeout` for the next closed bars, and appends every
    // stream's bars of one moment (a tick) to `out`, oldest moment first.
    // False when nothing more will come unless watch() adds a stream (a
    // replay that ran out); the caller then waits on its own.
    virtual bool next(std::vector<MarketBar>& out, Duration timeout) = 0;
};

}  // namespace osprey::engine
