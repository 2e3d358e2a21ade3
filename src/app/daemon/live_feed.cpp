#include "app/daemon/live_feed.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "exchanges/binance/kline_feed.hpp"

namespace osprey::app {

namespace {

std::string environment_or(const char* name, std::string_view fallback) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read at startup
    return value == nullptr || *value == '\0' ? std::string(fallback) : std::string(value);
}

}  // namespace

LiveFeedSettings binance_feed_settings() {
    return LiveFeedSettings{
        environment_or("OSPREY_BINANCE_STREAM_URL", binance::mainnet_stream_url),
        environment_or("OSPREY_BINANCE_BASE_URL", binance::mainnet_rest_url)};
}

LiveMarketFeed::LiveMarketFeed(LiveFeedSettings settings, const engine::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {}

LiveMarketFeed::~LiveMarketFeed() {
    for (Stream& stream : streams_) {
        stream.feed->stop();
    }
}

Status LiveMarketFeed::watch(const Symbol& symbol, Timeframe timeframe,
                             std::optional<Timestamp> caught_up) {
    const bool watched = std::any_of(streams_.begin(), streams_.end(), [&](const Stream& s) {
        return s.symbol == symbol && s.timeframe == timeframe;
    });
    if (watched) {
        return {};
    }
    binance::KlineFeedConfig config;
    config.stream_url = settings_.stream_url;
    config.symbols = {symbol};
    config.interval = timeframe.to_string();
    config.deliver_from = caught_up;
    config.rest.base_url = settings_.rest_url;
    binance::KlineFeedHandlers handlers;
    handlers.on_closed_kline = [this, timeframe](const binance::Kline& kline) {
        {
            const std::lock_guard lock(mutex_);
            arrived_.push_back(engine::MarketBar{kline.symbol, timeframe, kline.candle});
        }
        arrival_.notify_one();
    };
    // The stream reconnects and backfills by itself; nothing to add here.
    handlers.on_issue = [](const Error& /*issue*/) {};
    auto feed =
        std::make_unique<binance::KlineFeed>(std::move(config), std::move(handlers), clock_);
    if (Status started = feed->start(); !started) {
        return fail(started.error().code,
                    fmt::format("binance {} {} stream: {}", symbol.view(), timeframe.to_string(),
                                started.error().message));
    }
    streams_.push_back(Stream{symbol, timeframe, std::move(feed)});
    return {};
}

bool LiveMarketFeed::next(std::vector<engine::MarketBar>& out, Duration timeout) {
    std::unique_lock lock(mutex_);
    if (!arrival_.wait_for(lock, timeout, [this] { return !arrived_.empty(); })) {
        return true;
    }
    // The bars closing first, every stream's; later ones wait their turn.
    const auto closing = [](const engine::MarketBar& bar) {
        return bar.candle.open_time + bar.timeframe.span();
    };
    const Timestamp moment = closing(
        *std::min_element(arrived_.begin(), arrived_.end(),
                          [&](const auto& a, const auto& b) { return closing(a) < closing(b); }));
    std::deque<engine::MarketBar> later;
    for (const engine::MarketBar& bar : arrived_) {
        if (closing(bar) == moment) {
            out.push_back(bar);
        } else {
            later.push_back(bar);
        }
    }
    arrived_ = std::move(later);
    return true;
}

}  // namespace osprey::app
