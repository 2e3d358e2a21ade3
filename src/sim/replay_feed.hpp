#pragma once
// A MarketFeed that replays candle series: the daemon's demo, paper trading
// on history, the crash test and the desk benchmark. Bars of one moment
// across all watched streams form one tick, oldest first.
//
// Pace: `speed` market seconds per wall second (0: as fast as it goes). The
// bars up to the furthest `caught_up` any watch() asked for come without
// waiting (a restarted daemon rebuilding its indicators); pacing starts
// after them. Only streams being watched are read; a stream watched after
// the replay began joins at the replay's current moment.

#include <cstddef>
#include <optional>
#include <vector>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "engine/ports/clock.hpp"
#include "engine/ports/market_feed.hpp"

namespace osprey::sim {

struct ReplayStream {
    Symbol symbol;
    Timeframe timeframe{std::chrono::minutes(1)};
    std::vector<Candle> candles;  // oldest first
};

// Shifts each stream by whole days so that they all start on the day the
// latest of them starts: files from different months replay side by side,
// and every bar keeps its time of day.
void align_starts(std::vector<ReplayStream>& streams);

class ReplayFeed final : public engine::MarketFeed {
public:
    ReplayFeed(std::vector<ReplayStream> streams, double speed, const engine::Clock& clock);

    Status watch(const Symbol& symbol, Timeframe timeframe,
                 std::optional<Timestamp> caught_up) override;
    bool next(std::vector<engine::MarketBar>& out, Duration timeout) override;

    bool has(const Symbol& symbol) const;

private:
    struct Stream {
        ReplayStream series;
        bool watched = false;
        std::size_t next = 0;
    };

    std::optional<Timestamp> next_moment() const;

    std::vector<Stream> streams_;
    double speed_;
    const engine::Clock& clock_;
    std::optional<Timestamp> caught_up_;
    std::optional<Timestamp> last_moment_;
    // Pacing: market time `market_anchor` was due at wall time `wall_anchor`.
    std::optional<Timestamp> market_anchor_;
    Timestamp wall_anchor_;
};

}  // namespace osprey::sim
