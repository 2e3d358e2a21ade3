#pragma once
// The live market: a MarketFeed over Binance kline streams (closed klines
// only), one stream per symbol and timeframe however many bots read it.
// Each stream reconnects and backfills on its own (binance/kline_feed.hpp);
// a restarted bot's stream is backfilled from the last bar it acted on.
//
//   OSPREY_BINANCE_STREAM_URL  default wss://stream.binance.com:9443
//                              (testnet: wss://stream.testnet.binance.vision)
//   OSPREY_BINANCE_BASE_URL    REST, for the backfill (as live_venues.hpp)
//
// Bars arrive on the streams' threads and wait in a queue for the engine
// thread; next() hands out the oldest moment's bars.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/clock.hpp"
#include "engine/ports/market_feed.hpp"

namespace osprey::binance {
class KlineFeed;
}  // namespace osprey::binance

namespace osprey::app {

struct LiveFeedSettings {
    std::string stream_url;
    std::string rest_url;
};

// From the environment (above), with the mainnet defaults.
LiveFeedSettings binance_feed_settings();

class LiveMarketFeed final : public engine::MarketFeed {
public:
    LiveMarketFeed(LiveFeedSettings settings, const engine::Clock& clock);
    LiveMarketFeed(const LiveMarketFeed&) = delete;
    LiveMarketFeed& operator=(const LiveMarketFeed&) = delete;
    LiveMarketFeed(LiveMarketFeed&&) = delete;
    LiveMarketFeed& operator=(LiveMarketFeed&&) = delete;
    ~LiveMarketFeed() override;  // stops every stream

    Status watch(const Symbol& symbol, Timeframe timeframe,
                 std::optional<Timestamp> caught_up) override;
    // Never false: a live market does not run out.
    bool next(std::vector<engine::MarketBar>& out, Duration timeout) override;

    std::size_t stream_count() const { return streams_.size(); }

private:
    struct Stream {
        Symbol symbol;
        Timeframe timeframe;
        std::unique_ptr<binance::KlineFeed> feed;
    };

    LiveFeedSettings settings_;
    const engine::Clock& clock_;
    std::vector<Stream> streams_;  // engine thread only
    std::mutex mutex_;
    std::condition_variable arrival_;
    std::deque<engine::MarketBar> arrived_;  // guarded by mutex_
};

}  // namespace osprey::app
