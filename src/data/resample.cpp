#include "data/resample.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace osprey::data {

Resampler::Resampler(Timeframe source, Timeframe target)
    : source_span_(source.span()), target_span_(target.span()) {
    OSPREY_ASSERT(target.is_multiple_of(source), "resampling needs a whole multiple");
}

void Resampler::start(const Candle& candle) {
    current_ = candle;
    current_->open_time = candle.open_time.floor_to(target_span_);
    current_end_ = current_->open_time + target_span_;
}

std::optional<Candle> Resampler::on_candle(const Candle& candle) {
    std::optional<Candle> closed = std::exchange(ready_, std::nullopt);
    if (current_ && candle.open_time >= current_end_) {
        // A gap left the previous period unfinished: it is closed now.
        OSPREY_ASSERT(!closed, "at most one coarse bar is pending");
        closed = std::exchange(current_, std::nullopt);
    }
    if (!current_) {
        start(candle);
    } else {
        current_->high = std::max(current_->high, candle.high);
        current_->low = std::min(current_->low, candle.low);
        current_->close = candle.close;
        current_->volume += candle.volume;
    }
    if (candle.open_time + source_span_ >= current_end_) {
        std::optional<Candle> finished = std::exchange(current_, std::nullopt);
        if (closed) {
            ready_ = finished;
        } else {
            closed = finished;
        }
    }
    return closed;
}

Result<Timeframe> infer_timeframe(std::span<const Candle> candles) {
    if (candles.size() < 2) {
        return fail(ErrorCode::InvalidArgument,
                    "cannot infer the timeframe of fewer than two candles");
    }
    Duration step = candles[1].open_time - candles[0].open_time;
    for (std::size_t i = 2; i < candles.size(); ++i) {
        step = std::min(step, candles[i].open_time - candles[i - 1].open_time);
    }
    if (step.count() <= 0 || step.count() % 1'000'000'000 != 0) {
        return fail(ErrorCode::InvalidArgument,
                    "candle times are not a whole number of seconds apart");
    }
    return Timeframe(step);
}

Result<std::vector<Candle>> resample(std::span<const Candle> candles, Timeframe source,
                                     Timeframe target) {
    if (!target.is_multiple_of(source) || target < source) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("cannot resample {} candles into {}: not a whole multiple",
                                source.to_string(), target.to_string()));
    }
    std::vector<Candle> out;
    out.reserve(candles.size() * static_cast<std::size_t>(source.span().count())
                    / static_cast<std::size_t>(target.span().count())
                + 2);
    Resampler resampler(source, target);
    for (const Candle& candle : candles) {
        if (auto closed = resampler.on_candle(candle)) {
            out.push_back(*closed);
        }
    }
    // The bar held back by on_candle (a gap followed by a period end).
    if (auto pending = resampler.flush()) {
        out.push_back(*pending);
    }
    return out;
}

}  // namespace osprey::data
