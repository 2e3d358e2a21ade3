#pragma once
// Candles of a coarser timeframe built from a finer one, aligned to the UTC
// epoch: a 4h bar holds the source bars whose open time falls in
// [00:00, 04:00), [04:00, 08:00), ... Open is the first bar's open, close the
// last bar's close, high and low the extremes, volume the sum.
//
// A coarse bar is closed (and emitted) as soon as the source bar that ends
// its period has been seen; after a gap that leaves its period unfinished, it
// is emitted when the first bar of a later period arrives. Either way a
// consumer sees a coarse bar only once every source bar in it is known: no
// look-ahead.

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/timeframe.hpp"

namespace osprey::data {

class Resampler {
public:
    // Asserts that `target` is a whole multiple of `source`.
    Resampler(Timeframe source, Timeframe target);

    // Feeds one source bar; returns the coarse bar it closed, if any. A bar
    // closed by a gap is returned before the new bar is added, so at most one
    // bar can be pending: when `candle` both follows a gap and ends its own
    // period, the second bar is returned by the next call (or flush()).
    std::optional<Candle> on_candle(const Candle& candle);

    // A closed bar still held back (see on_candle), if any; never the
    // unfinished one.
    std::optional<Candle> flush() { return std::exchange(ready_, std::nullopt); }

    // The unfinished bar in progress (for charts), if any.
    const std::optional<Candle>& partial() const { return current_; }

private:
    void start(const Candle& candle);

    Duration source_span_;
    Duration target_span_;
    std::optional<Candle> current_;
    Timestamp current_end_;
    std::optional<Candle> ready_;
};

// The timeframe of a series: the smallest step between consecutive bars.
Result<Timeframe> infer_timeframe(std::span<const Candle> candles);

// Batch form: every closed coarse bar. A trailing bar whose period has not
// ended within the data is left out (it has not closed).
Result<std::vector<Candle>> resample(std::span<const Candle> candles, Timeframe source,
                                     Timeframe target);

}  // namespace osprey::data
