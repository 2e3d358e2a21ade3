#include "exchanges/bybit/kline_stream.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "exchanges/bybit/stream_parser.hpp"
#include "net/backoff.hpp"
#include "net/websocket_client.hpp"

namespace osprey::bybit {

Result<std::string> kline_topic_name(const KlineTopic& topic) {
    auto interval = kline_interval(topic.timeframe);
    if (!interval) {
        return fail(interval.error());
    }
    return "kline." + std::string(*interval) + "." + std::string(topic.symbol.view());
}

// What every connection shares: the handlers (called one at a time), the
// clock and the stop signal.
struct KlineStream::Shared {
    KlineStreamOptions options;
    const engine::Clock* clock = nullptr;
    ClosedKlineHandler on_closed;
    StreamProblemHandler on_problem;
    std::mutex handlers;
    std::mutex stop_mutex;
    std::condition_variable stop_signal;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connects{0};

    void problem(const Error& error) {
        const std::scoped_lock lock(handlers);
        if (on_problem) {
            on_problem(error);
        }
    }

    // Sleeps for `span` unless stop() comes first; false when stopping.
    bool pause(Duration span) {
        std::unique_lock lock(stop_mutex);
        return !stop_signal.wait_for(lock, span, [this] { return stopping.load(); });
    }
};

class KlineStream::Connection final : public StreamSink {
public:
    Connection(std::shared_ptr<Shared> shared, const std::vector<KlineTopic>& topics)
        : shared_(std::move(shared)),
          backoff_({shared_->options.reconnect_initial, shared_->options.reconnect_max},
                   shared_->options.jitter_seed + shared_->connects.load()),
          socket_(net::WebSocketOptions{std::chrono::seconds(5), shared_->options.idle_timeout,
                                        "osprey"}) {
        for (const auto& topic : topics) {
            auto name = kline_topic_name(topic);
            if (!name) {
                shared_->problem(name.error());
                continue;
            }
            const auto interval = std::string(*kline_interval(topic.timeframe));
            names_.push_back(*name);
            topics_[topic.symbol].push_back(TopicState{topic.timeframe, interval, std::nullopt});
        }
    }

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) = delete;
    Connection& operator=(Connection&&) = delete;

    ~Connection() override { join(); }

    void start() {
        thread_ = std::thread([this] { run(); });
    }

    void cancel() { socket_.cancel(); }

    void join() {
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    void on_control(const ControlReply& reply) override {
        if (reply.op == "subscribe") {
            ++acks_;
            if (!reply.success) {
                shared_->problem(
                    Error{ErrorCode::Rejected,
                          "Bybit kline stream: subscribe refused: " + std::string(reply.message)});
            }
        }
    }

    void on_kline(const KlineUpdate& update) override {
        auto found = topics_.find(update.symbol);
        if (found == topics_.end()) {
            return;
        }
        for (auto& state : found->second) {
            if (state.interval != update.interval) {
                continue;
            }
            if (update.closed) {
                deliver(update.symbol, state, update.candle);
            } else if (state.last
                       && update.candle.open_time > *state.last + state.timeframe.span()) {
                // An open bar proves every bar before it closed: fill the gap now.
                backfill_gap(update.symbol, state, update.candle.open_time);
            }
        }
    }

private:
    struct TopicState {
        Timeframe timeframe;
        std::string interval;
        std::optional<Timestamp> last;  // open time of the last delivered bar
    };

    void run();
    void session();
    Status subscribe();
    bool await_acks();
    void deliver(const Symbol& symbol, TopicState& state, const Candle& candle);
    void backfill_gap(const Symbol& symbol, TopicState& state, Timestamp before);
    void backfill_after_reconnect();
    bool catch_up(const Symbol& symbol, TopicState& state);
    RestClient* rest();

    std::shared_ptr<Shared> shared_;
    net::Backoff backoff_;
    net::WebSocketClient socket_;
    StreamParser parser_;
    std::optional<RestClient> rest_;
    std::vector<std::string> names_;
    std::size_t requests_ = 0;  // subscribe requests sent this session
    std::size_t acks_ = 0;      // and answered
    std::map<Symbol, std::vector<TopicState>> topics_;
    std::thread thread_;
};

void KlineStream::Connection::run() {
    while (!shared_->stopping) {
        session();
        socket_.close();
        if (shared_->stopping || !shared_->pause(backoff_.next())) {
            return;
        }
    }
}

// One connection's life: connect, subscribe, catch up, read until it ends.
void KlineStream::Connection::session() {
    const auto& options = shared_->options;
    const std::string url =
        options.stream_url + "/v5/public/" + std::string(to_string(options.category));
    if (auto connected = socket_.connect(url); !connected) {
        shared_->problem(
            Error{connected.error().code, "Bybit kline stream: " + connected.error().message});
        return;
    }
    ++shared_->connects;
    if (shared_->stopping) {
        return;
    }
    if (auto subscribed = subscribe(); !subscribed) {
        shared_->problem(subscribed.error());
        return;
    }
    // Catch up only once the venue confirmed the subscriptions: a bar that
    // closes later is pushed, one that closed earlier is in the REST reply.
    if (!await_acks()) {
        return;
    }
    backfill_after_reconnect();
    const Timestamp connected_at = shared_->clock->now();
    Timestamp last_ping = connected_at;
    while (!shared_->stopping) {
        auto message = socket_.read();
        if (!message) {
            if (!shared_->stopping) {
                shared_->problem(
                    Error{message.error().code, "Bybit kline stream: " + message.error().message});
            }
            return;
        }
        if (auto parsed = parser_.parse(*message, *this); !parsed) {
            shared_->problem(parsed.error());
        } else {
            backoff_.reset();
        }
        const Timestamp now = shared_->clock->now();
        if (now - last_ping >= options.ping_interval) {
            last_ping = now;
            if (!socket_.send(R"({"req_id":"ping","op":"ping"})")) {
                return;
            }
        }
        if (now - connected_at >= options.max_connection_age) {
            return;  // the scheduled reconnect
        }
    }
}

Status KlineStream::Connection::subscribe() {
    constexpr std::size_t per_request = 10;  // spot's limit; linear takes it too
    requests_ = 0;
    acks_ = 0;
    for (std::size_t first = 0; first < names_.size(); first += per_request) {
        std::string request =
            R"({"req_id":"sub)" + std::to_string(first) + R"(","op":"subscribe","args":[)";
        const std::size_t last = std::min(names_.size(), first + per_request);
        for (std::size_t i = first; i < last; ++i) {
            request.append(i == first ? "\"" : ",\"").append(names_[i]).append("\"");
        }
        request.append("]}");
        if (auto sent = socket_.send(request); !sent) {
            return fail(sent.error().code,
                        "Bybit kline stream: subscribe: " + sent.error().message);
        }
        ++requests_;
    }
    return {};
}

// Reads (and handles) messages until every subscribe request is answered.
bool KlineStream::Connection::await_acks() {
    while (acks_ < requests_ && !shared_->stopping) {
        auto message = socket_.read();
        if (!message) {
            if (!shared_->stopping) {
                shared_->problem(
                    Error{message.error().code, "Bybit kline stream: " + message.error().message});
            }
            return false;
        }
        if (auto parsed = parser_.parse(*message, *this); !parsed) {
            shared_->problem(parsed.error());
        }
    }
    return !shared_->stopping;
}

RestClient* KlineStream::Connection::rest() {
    if (!rest_) {
        auto created = RestClient::create(shared_->options.rest, {}, *shared_->clock);
        if (!created) {
            shared_->problem(created.error());
            return nullptr;
        }
        rest_.emplace(std::move(*created));
    }
    return &*rest_;
}

void KlineStream::Connection::deliver(const Symbol& symbol, TopicState& state,
                                      const Candle& candle) {
    const Duration span = state.timeframe.span();
    if (state.last && candle.open_time <= *state.last) {
        return;  // a duplicate, or a bar a backfill already delivered
    }
    if (state.last && candle.open_time > *state.last + span) {
        backfill_gap(symbol, state, candle.open_time);
    }
    const std::scoped_lock lock(shared_->handlers);
    shared_->on_closed(symbol, state.timeframe, candle);
    state.last = candle.open_time;
}

// The bars between the last delivered one and `before` (all closed).
void KlineStream::Connection::backfill_gap(const Symbol& symbol, TopicState& state,
                                           Timestamp before) {
    RestClient* client = rest();
    const Duration span = state.timeframe.span();
    while (client != nullptr && *state.last + span < before) {
        const auto window =
            kline_window(*state.last + span, before - span, state.timeframe, max_klines_per_page);
        auto page = client->klines(shared_->options.category, symbol, state.timeframe, window);
        if (!page) {
            shared_->problem(page.error());
            return;
        }
        const std::scoped_lock lock(shared_->handlers);
        for (const auto& kline : *page) {
            if (kline.open_time > *state.last && kline.open_time < before) {
                shared_->on_closed(symbol, state.timeframe, kline.candle());
                state.last = kline.open_time;
            }
        }
        if (*state.last < window.last) {
            state.last = window.last;  // the venue has no bars there: a real gap
        }
    }
}

// After a reconnect: every bar closed since the last delivered one. The
// newest bar of a reply may still be open, so it is left to the stream.
void KlineStream::Connection::backfill_after_reconnect() {
    for (auto& [symbol, states] : topics_) {
        for (auto& state : states) {
            if (state.last && !catch_up(symbol, state)) {
                return;
            }
        }
    }
}

// One topic's catch-up; false when REST failed (reported).
bool KlineStream::Connection::catch_up(const Symbol& symbol, TopicState& state) {
    const Duration span = state.timeframe.span();
    while (true) {
        RestClient* client = rest();
        if (client == nullptr) {
            return false;
        }
        const auto first = *state.last + span;
        const auto window = kline_window(first, first + span * max_klines_per_page, state.timeframe,
                                         max_klines_per_page);
        auto page = client->klines(shared_->options.category, symbol, state.timeframe, window);
        if (!page) {
            shared_->problem(page.error());
            return false;
        }
        if (page->size() < 2) {
            return true;
        }
        const std::scoped_lock lock(shared_->handlers);
        for (std::size_t i = 0; i + 1 < page->size(); ++i) {
            if ((*page)[i].open_time > *state.last) {
                shared_->on_closed(symbol, state.timeframe, (*page)[i].candle());
                state.last = (*page)[i].open_time;
            }
        }
        if (page->size() < static_cast<std::size_t>(max_klines_per_page)) {
            return true;
        }
    }
}

KlineStream::KlineStream(KlineStreamOptions options, std::vector<KlineTopic> topics,
                         const engine::Clock& clock, ClosedKlineHandler on_closed,
                         StreamProblemHandler on_problem)
    : shared_(std::make_shared<Shared>()) {
    shared_->options = std::move(options);
    shared_->clock = &clock;
    shared_->on_closed = std::move(on_closed);
    shared_->on_problem = std::move(on_problem);
    const std::size_t per_connection =
        std::max<std::size_t>(1, shared_->options.topics_per_connection);
    for (std::size_t first = 0; first < topics.size(); first += per_connection) {
        const auto last = std::min(topics.size(), first + per_connection);
        std::vector<KlineTopic> chunk(topics.begin() + static_cast<std::ptrdiff_t>(first),
                                      topics.begin() + static_cast<std::ptrdiff_t>(last));
        connections_.push_back(std::make_unique<Connection>(shared_, std::move(chunk)));
    }
}

KlineStream::~KlineStream() {
    stop();
}

void KlineStream::start() {
    for (auto& connection : connections_) {
        connection->start();
    }
}

void KlineStream::stop() {
    {
        const std::scoped_lock lock(shared_->stop_mutex);
        shared_->stopping = true;
    }
    shared_->stop_signal.notify_all();
    for (auto& connection : connections_) {
        connection->cancel();
    }
    for (auto& connection : connections_) {
        connection->join();
    }
}

std::size_t KlineStream::connections() const {
    return connections_.size();
}

std::size_t KlineStream::connects() const {
    return shared_->connects.load();
}

}  // namespace osprey::bybit
