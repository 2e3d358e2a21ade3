#pragma once
// Closed klines from Bybit's public WebSocket (protocols/bybit-v5.md §4.1-4.3)
// for many symbols, delivered exactly once each and in order per topic.
//
// Topics are split over connections (at most `topics_per_connection` each,
// well under the 21,000-character args limit) and subscribed in requests of
// at most 10 topics (the spot limit). Each connection runs on its own
// thread: it sends Bybit's JSON ping every `ping_interval`, and reconnects
// with exponential backoff and jitter after any close, stall (no frame for
// `idle_timeout`) or after `max_connection_age`.
//
// Exactly once: a closed bar at or before the topic's last delivered bar is
// a duplicate and dropped; a bar (closed or still open) that leaves a gap
// after the last delivered one is preceded by the missing bars, fetched over
// REST. Once a reconnect's subscriptions are confirmed, the bars closed
// meanwhile are fetched at once too, except the newest of the reply, which
// may still be open: the next push settles it.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/error.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "engine/ports/clock.hpp"
#include "exchanges/bybit/market.hpp"
#include "exchanges/bybit/rest_client.hpp"

namespace osprey::bybit {

inline constexpr std::string_view mainnet_public_stream_url = "wss://stream.bybit.com";
inline constexpr std::string_view testnet_public_stream_url = "wss://stream-testnet.bybit.com";

struct KlineTopic {
    Symbol symbol;
    Timeframe timeframe{std::chrono::minutes(1)};
};

struct KlineStreamOptions {
    // Host part; "/v5/public/<category>" is appended.
    std::string stream_url = std::string(testnet_public_stream_url);
    // For backfills.
    RestOptions rest;
    Category category = Category::Linear;
    std::size_t topics_per_connection = 500;
    Duration ping_interval = std::chrono::seconds(20);
    Duration idle_timeout = std::chrono::seconds(60);
    Duration max_connection_age = std::chrono::hours(24);
    Duration reconnect_initial = std::chrono::milliseconds(250);
    Duration reconnect_max = std::chrono::seconds(30);
    std::uint64_t jitter_seed = 1;
};

// Called for each closed bar, from the connections' threads but never two
// at a time.
using ClosedKlineHandler = std::function<void(const Symbol&, Timeframe, const Candle&)>;
// Called for what went wrong and was recovered from (a broken message, a
// dropped connection, a failed backfill): for logs and counters.
using StreamProblemHandler = std::function<void(const Error&)>;

class KlineStream {
public:
    KlineStream(KlineStreamOptions options, std::vector<KlineTopic> topics,
                const engine::Clock& clock, ClosedKlineHandler on_closed,
                StreamProblemHandler on_problem);
    KlineStream(const KlineStream&) = delete;
    KlineStream& operator=(const KlineStream&) = delete;
    KlineStream(KlineStream&&) = delete;
    KlineStream& operator=(KlineStream&&) = delete;
    // Stops and joins every connection.
    ~KlineStream();

    // Starts the connections' threads.
    void start();
    void stop();

    std::size_t connections() const;
    // Connects made so far, first ones included (reconnects = this - connections()).
    std::size_t connects() const;

private:
    struct Shared;
    class Connection;
    std::shared_ptr<Shared> shared_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

// "kline.<interval>.<symbol>", or an error for a timeframe Bybit lacks.
Result<std::string> kline_topic_name(const KlineTopic& topic);

}  // namespace osprey::bybit
