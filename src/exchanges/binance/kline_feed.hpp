#pragma once
// The market-data hub for Binance kline streams: closed candles of many
// symbols, each delivered exactly once and in order per symbol.
//
// - Streams are split over connections, `streams_per_connection` each
//   (Binance allows 1024 per connection; the combined-stream URL carries the
//   names, so the default keeps URLs short). One thread per connection.
// - A dropped, stalled or shut-down connection is reopened after an
//   exponential backoff with jitter, and so is every connection after
//   `max_connection_age` (Binance cuts at 24 h; we go first).
// - After every reconnect the gap is backfilled over REST: the closed klines
//   after the last one delivered. Stream and backfill are merged by open
//   time, so nothing is missed or delivered twice (duplicates from the
//   venue are dropped the same way).
// - A malformed message is reported through on_issue and skipped.
//
// Handlers run on the connection threads, one call at a time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "engine/ports/clock.hpp"
#include "exchanges/binance/klines.hpp"
#include "exchanges/binance/rest_client.hpp"
#include "net/backoff.hpp"
#include "net/websocket_client.hpp"

namespace osprey::binance {

inline constexpr std::string_view testnet_stream_url = "wss://stream.testnet.binance.vision";
inline constexpr std::string_view mainnet_stream_url = "wss://stream.binance.com:9443";

struct KlineFeedConfig {
    std::string stream_url = std::string(testnet_stream_url);
    std::vector<Symbol> symbols;
    std::string interval = "1m";
    // Klines opening at or after this are all delivered, backfilled if
    // needed (say, after the last candle a bot already has). Unset: start
    // with the first closed kline the stream brings.
    std::optional<Timestamp> deliver_from;
    std::size_t streams_per_connection = 200;
    Duration max_connection_age = std::chrono::hours(23) + std::chrono::minutes(50);
    net::BackoffPolicy backoff;
    std::uint64_t seed = 1;  // for the backoff jitter
    net::WebSocketOptions websocket;
    RestConfig rest;  // for the backfill
};

struct KlineFeedHandlers {
    std::function<void(const Kline&)> on_closed_kline;
    // Something went wrong and was handled (logged by the caller).
    std::function<void(const Error&)> on_issue;
};

struct KlineFeedCounters {
    std::atomic<std::int64_t> messages{0};
    std::atomic<std::int64_t> delivered{0};
    std::atomic<std::int64_t> backfilled{0};
    std::atomic<std::int64_t> duplicates{0};
    std::atomic<std::int64_t> malformed{0};
    std::atomic<std::int64_t> reconnects{0};
    std::atomic<int> connections_open{0};
};

class KlineFeed {
public:
    KlineFeed(KlineFeedConfig config, KlineFeedHandlers handlers, const engine::Clock& clock);
    KlineFeed(const KlineFeed&) = delete;
    KlineFeed& operator=(const KlineFeed&) = delete;
    KlineFeed(KlineFeed&&) = delete;
    KlineFeed& operator=(KlineFeed&&) = delete;
    ~KlineFeed();

    // Starts the connection threads (they connect in the background).
    Status start();
    // Stops and joins them.
    void stop();

    const KlineFeedCounters& counters() const { return counters_; }

    std::size_t connection_count() const;

private:
    class Connection;
    void deliver(const Kline& kline);
    void report(const Error& error);

    KlineFeedConfig config_;
    KlineFeedHandlers handlers_;
    const engine::Clock* clock_;
    KlineFeedCounters counters_;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::mutex delivering_;  // handlers see one call at a time
};

}  // namespace osprey::binance
