#include "exchanges/binance/kline_feed.hpp"

#include <condition_variable>
#include <map>
#include <thread>

#include "core/timeframe.hpp"

namespace osprey::binance {

class KlineFeed::Connection {
public:
    Connection(KlineFeed& feed, std::vector<Symbol> symbols, std::uint64_t seed)
        : feed_(feed),
          symbols_(std::move(symbols)),
          backoff_(feed.config_.backoff, seed),
          socket_(feed.config_.websocket) {}

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) = delete;
    Connection& operator=(Connection&&) = delete;

    ~Connection() { stop(); }

    void start(Duration span) {
        span_ = span;
        thread_ = std::thread([this] { run(); });
    }

    void stop() {
        {
            const std::scoped_lock lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        socket_.cancel();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

private:
    std::string url() const {
        std::string url = feed_.config_.stream_url + "/stream?streams=";
        for (std::size_t i = 0; i < symbols_.size(); ++i) {
            url.append(i == 0 ? "" : "/")
                .append(kline_stream_name(symbols_[i], feed_.config_.interval));
        }
        return url;
    }

    bool stopping() {
        const std::scoped_lock lock(mutex_);
        return stopping_;
    }

    // Sleeps, unless stop() comes first.
    void pause(Duration span) {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, span, [this] { return stopping_; });
    }

    void run() {
        while (!stopping()) {
            if (auto connected = socket_.connect(url()); !connected) {
                feed_.report(connected.error());
                pause(backoff_.next());
                continue;
            }
            ++feed_.counters_.connections_open;
            if (auto filled = backfill(); !filled) {
                feed_.report(filled.error());
            }
            backoff_.reset();
            read_until_broken();
            --feed_.counters_.connections_open;
            socket_.close();
            if (!stopping()) {
                ++feed_.counters_.reconnects;
                pause(backoff_.next());
            }
        }
    }

    void read_until_broken() {
        const Timestamp opened = feed_.clock_->now();
        while (!stopping()) {
            auto text = socket_.read();
            if (!text) {
                feed_.report(Error{text.error().code, "binance stream dropped, reconnecting: "
                                                          + text.error().message});
                return;
            }
            ++feed_.counters_.messages;
            auto message = parser_.parse(*text);
            if (!message) {
                ++feed_.counters_.malformed;
                feed_.report(message.error());
                continue;
            }
            if (message->kind == StreamMessageKind::ServerShutdown) {
                return;  // the venue is about to cut us: reconnect now
            }
            if (message->kind == StreamMessageKind::Kline && message->kline.closed) {
                fill_gap_before(message->kline);
                offer(message->kline);
            }
            if (feed_.clock_->now() - opened >= feed_.config_.max_connection_age) {
                return;  // the scheduled reconnect, before the venue's 24 h cut
            }
        }
    }

    // Delivers a closed kline unless it is not newer than the last one.
    bool offer(const Kline& kline) {
        if (feed_.config_.deliver_from && kline.candle.open_time < *feed_.config_.deliver_from) {
            return false;
        }
        auto [last, inserted] = last_open_.try_emplace(kline.symbol, kline.candle.open_time);
        if (!inserted) {
            if (kline.candle.open_time <= last->second) {
                ++feed_.counters_.duplicates;
                return false;
            }
            last->second = kline.candle.open_time;
        }
        feed_.deliver(kline);
        return true;
    }

    // A closed kline more than one interval after the last delivered means
    // the ones between were lost (a malformed message, say): fetch them first.
    void fill_gap_before(const Kline& kline) {
        const auto last = last_open_.find(kline.symbol);
        std::optional<Timestamp> expected = feed_.config_.deliver_from;
        if (last != last_open_.end()) {
            expected = last->second + span_;
        }
        if (!expected || kline.candle.open_time <= *expected) {
            return;
        }
        if (auto filled = backfill_symbol(kline.symbol, *expected, kline.candle.open_time - span_);
            !filled) {
            feed_.report(filled.error());
        }
    }

    Status ensure_rest() {
        if (rest_) {
            return {};
        }
        auto rest = RestClient::create(feed_.config_.rest, *feed_.clock_);
        if (!rest) {
            return fail(rest.error());
        }
        rest_ = std::make_unique<RestClient>(std::move(*rest));
        if (auto synced = rest_->sync_time(); !synced) {
            rest_.reset();
            return fail(synced.error());
        }
        return {};
    }

    // Delivers the closed klines of one symbol opening in [from, to].
    Status backfill_symbol(Symbol symbol, Timestamp from, Timestamp to) {
        if (auto ready = ensure_rest(); !ready) {
            return ready;
        }
        const Timestamp server_now = feed_.clock_->now() + rest_->server_offset();
        auto klines = rest_->klines({symbol, feed_.config_.interval, from, to, 1000});
        if (!klines) {
            return fail(klines.error());
        }
        for (Kline& kline : *klines) {
            if (kline.close_time < server_now) {
                kline.closed = true;
                if (offer(kline)) {
                    ++feed_.counters_.backfilled;
                }
            }
        }
        return {};
    }

    // The closed klines after the last delivered (or from deliver_from).
    Status backfill() {
        const std::optional<Timestamp> from_start = feed_.config_.deliver_from;
        if (last_open_.empty() && !from_start) {
            return {};
        }
        if (auto ready = ensure_rest(); !ready) {
            return ready;
        }
        const Timestamp server_now = feed_.clock_->now() + rest_->server_offset();
        for (const Symbol& symbol : symbols_) {
            const auto last = last_open_.find(symbol);
            if (last == last_open_.end() && !from_start) {
                continue;
            }
            const Timestamp from = last != last_open_.end() ? last->second + span_ : *from_start;
            if (auto filled = backfill_symbol(symbol, from, server_now); !filled) {
                return filled;
            }
        }
        return {};
    }

    KlineFeed& feed_;
    std::vector<Symbol> symbols_;
    net::Backoff backoff_;
    net::WebSocketClient socket_;
    KlineParser parser_;
    std::unique_ptr<RestClient> rest_;
    std::map<Symbol, Timestamp> last_open_;
    Duration span_{};
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

KlineFeed::KlineFeed(KlineFeedConfig config, KlineFeedHandlers handlers, const engine::Clock& clock)
    : config_(std::move(config)), handlers_(std::move(handlers)), clock_(&clock) {}

KlineFeed::~KlineFeed() {
    stop();
}

Status KlineFeed::start() {
    auto timeframe = Timeframe::parse(config_.interval);
    if (!timeframe) {
        return fail(timeframe.error());
    }
    if (config_.symbols.empty() || config_.streams_per_connection == 0) {
        return fail(ErrorCode::InvalidArgument, "kline feed: no symbols to stream");
    }
    const std::size_t per = config_.streams_per_connection;
    for (std::size_t first = 0; first < config_.symbols.size(); first += per) {
        const auto begin = config_.symbols.begin() + static_cast<std::ptrdiff_t>(first);
        const auto end =
            config_.symbols.begin()
            + static_cast<std::ptrdiff_t>(std::min(first + per, config_.symbols.size()));
        connections_.push_back(std::make_unique<Connection>(*this, std::vector<Symbol>(begin, end),
                                                            config_.seed + connections_.size()));
    }
    for (auto& connection : connections_) {
        connection->start(timeframe->span());
    }
    return {};
}

void KlineFeed::stop() {
    for (auto& connection : connections_) {
        connection->stop();
    }
    connections_.clear();
}

std::size_t KlineFeed::connection_count() const {
    return connections_.size();
}

void KlineFeed::deliver(const Kline& kline) {
    const std::scoped_lock lock(delivering_);
    ++counters_.delivered;
    if (handlers_.on_closed_kline) {
        handlers_.on_closed_kline(kline);
    }
}

void KlineFeed::report(const Error& error) {
    const std::scoped_lock lock(delivering_);
    if (handlers_.on_issue) {
        handlers_.on_issue(error);
    }
}

}  // namespace osprey::binance
