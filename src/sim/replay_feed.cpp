#include "sim/replay_feed.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace osprey::sim {

void align_starts(std::vector<ReplayStream>& streams) {
    constexpr std::int64_t day = 86'400'000'000'000;
    std::optional<std::int64_t> latest;
    for (const ReplayStream& stream : streams) {
        if (!stream.candles.empty()) {
            const std::int64_t first_day = stream.candles.front().open_time.nanos() / day;
            latest = std::max(latest.value_or(first_day), first_day);
        }
    }
    for (ReplayStream& stream : streams) {
        if (stream.candles.empty()) {
            continue;
        }
        const Duration shift((*latest - stream.candles.front().open_time.nanos() / day) * day);
        for (Candle& candle : stream.candles) {
            candle.open_time = candle.open_time + shift;
        }
    }
}

ReplayFeed::ReplayFeed(std::vector<ReplayStream> streams, double speed, const engine::Clock& clock)
    : speed_(speed), clock_(clock) {
    streams_.reserve(streams.size());
    for (ReplayStream& stream : streams) {
        streams_.push_back(Stream{std::move(stream), false, 0});
    }
}

Status ReplayFeed::watch(const Symbol& symbol, Timeframe timeframe,
                         std::optional<Timestamp> caught_up) {
    const auto found = std::find_if(streams_.begin(), streams_.end(), [&](const Stream& stream) {
        return stream.series.symbol == symbol;
    });
    if (found == streams_.end()) {
        return fail(ErrorCode::NotFound,
                    fmt::format("symbol {}: the replay has no candles for it", symbol.view()));
    }
    if (found->series.timeframe != timeframe) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("symbol {}: the replay has {} candles, not {}", symbol.view(),
                                found->series.timeframe.to_string(), timeframe.to_string()));
    }
    if (!found->watched) {
        found->watched = true;
        if (last_moment_) {  // joins now
            const auto& candles = found->series.candles;
            found->next = static_cast<std::size_t>(
                std::upper_bound(candles.begin(), candles.end(), *last_moment_,
                                 [](Timestamp at, const Candle& c) { return at < c.open_time; })
                - candles.begin());
        }
    }
    if (caught_up) {
        caught_up_ = std::max(caught_up_.value_or(*caught_up), *caught_up);
    }
    return {};
}

bool ReplayFeed::has(const Symbol& symbol) const {
    return std::any_of(streams_.begin(), streams_.end(),
                       [&](const Stream& stream) { return stream.series.symbol == symbol; });
}

std::optional<Timestamp> ReplayFeed::next_moment() const {
    std::optional<Timestamp> moment;
    for (const Stream& stream : streams_) {
        if (stream.watched && stream.next < stream.series.candles.size()) {
            const Timestamp at = stream.series.candles[stream.next].open_time;
            moment = std::min(moment.value_or(at), at);
        }
    }
    return moment;
}

bool ReplayFeed::next(std::vector<engine::MarketBar>& out, Duration timeout) {
    const std::optional<Timestamp> moment = next_moment();
    if (!moment) {
        return false;  // every watched stream has ended (or none is watched yet)
    }
    const bool catching_up = caught_up_ && *moment <= *caught_up_;
    if (speed_ > 0 && !catching_up) {
        const Timestamp now = clock_.now();
        if (!market_anchor_) {
            market_anchor_ = *moment;
            wall_anchor_ = now;
        }
        const auto market_elapsed = static_cast<double>((*moment - *market_anchor_).count());
        const Timestamp due =
            wall_anchor_ + Duration(static_cast<std::int64_t>(market_elapsed / speed_));
        if (due - now > timeout) {
            std::this_thread::sleep_for(timeout);
            return true;
        }
        if (due > now) {
            std::this_thread::sleep_for(due - now);
        }
    }
    for (Stream& stream : streams_) {
        auto& candles = stream.series.candles;
        if (stream.watched && stream.next < candles.size()
            && candles[stream.next].open_time == *moment) {
            out.push_back(engine::MarketBar{stream.series.symbol, stream.series.timeframe,
                                            candles[stream.next]});
            ++stream.next;
        }
    }
    last_moment_ = *moment;
    return true;
}

}  // namespace osprey::sim
