#include "exchanges/bybit/private_stream.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "net/backoff.hpp"
#include "net/websocket_client.hpp"

namespace osprey::bybit {

namespace {

enum class AuthState : std::uint8_t { Waiting, Accepted, Refused };

// Passes pushes on, and notes the auth reply.
class AuthWatch final : public StreamSink {
public:
    explicit AuthWatch(StreamSink& inner) : inner_(inner) {}

    void on_kline(const KlineUpdate& update) override { inner_.on_kline(update); }

    void on_order(const OrderReport& order) override { inner_.on_order(order); }

    void on_execution(const ExecutionReport& fill) override { inner_.on_execution(fill); }

    void on_position(const PositionReport& position) override { inner_.on_position(position); }

    void on_control(const ControlReply& reply) override {
        if (reply.op == "auth") {
            state = reply.success ? AuthState::Accepted : AuthState::Refused;
            message = std::string(reply.message);
        }
        inner_.on_control(reply);
    }

    AuthState state = AuthState::Waiting;
    std::string message;

private:
    StreamSink& inner_;
};

}  // namespace

struct PrivateStream::State {
    PrivateStreamOptions options;
    Credentials credentials;
    const engine::Clock* clock;
    StreamSink* sink;
    StreamProblemHandler on_problem;
    std::function<void()> on_ready;
    net::WebSocketClient socket;
    StreamParser parser;
    net::Backoff backoff;
    std::thread thread;
    mutable std::mutex mutex;
    std::condition_variable stop_signal;
    std::atomic<bool> stopping{false};
    std::optional<Error> fatal;
    std::atomic<std::size_t> sessions{0};

    State(PrivateStreamOptions options_in, Credentials credentials_in,
          const engine::Clock& clock_in, StreamSink& sink_in, StreamProblemHandler on_problem_in,
          std::function<void()> on_ready_in)
        : options(std::move(options_in)),
          credentials(std::move(credentials_in)),
          clock(&clock_in),
          sink(&sink_in),
          on_problem(std::move(on_problem_in)),
          on_ready(std::move(on_ready_in)),
          socket(net::WebSocketOptions{std::chrono::seconds(5), options.idle_timeout, "osprey"}),
          backoff({options.reconnect_initial, options.reconnect_max}, 7) {}

    void problem(const Error& error) const {
        if (on_problem) {
            on_problem(error);
        }
    }

    void run() {
        while (!stopping) {
            session();
            socket.close();
            std::unique_lock lock(mutex);
            if (fatal
                || stop_signal.wait_for(lock, backoff.next(), [this] { return stopping.load(); })) {
                return;
            }
        }
    }

    std::string auth_request() const {
        const auto expires = (clock->now() + options.clock_offset + options.auth_expiry).millis();
        return R"({"req_id":"auth","op":"auth","args":[")" + credentials.api_key + "\","
               + std::to_string(expires) + ",\"" + sign_websocket_auth(credentials.secret, expires)
               + "\"]}";
    }

    std::string subscribe_request() const {
        std::string request = R"({"req_id":"sub","op":"subscribe","args":[)";
        for (std::size_t i = 0; i < options.topics.size(); ++i) {
            request.append(i == 0 ? "\"" : ",\"").append(options.topics[i]).append("\"");
        }
        return request + "]}";
    }

    // Reads until the auth reply; false (with the reason noted) otherwise.
    bool authenticate(AuthWatch& watch) {
        if (!socket.send(auth_request())) {
            return false;
        }
        while (watch.state == AuthState::Waiting && !stopping) {
            auto message = socket.read();
            if (!message) {
                problem(Error{message.error().code,
                              "Bybit private stream: " + message.error().message});
                return false;
            }
            if (auto parsed = parser.parse(*message, watch); !parsed) {
                problem(parsed.error());
            }
        }
        if (watch.state == AuthState::Refused) {
            // The venue's text names what was wrong; it never echoes the secret.
            const std::scoped_lock lock(mutex);
            fatal = Error{ErrorCode::Unauthenticated,
                          "Bybit private stream: authentication refused: " + watch.message};
            problem(*fatal);
        }
        return watch.state == AuthState::Accepted;
    }

    void session() {
        const std::string url = options.stream_url + "/v5/private";
        if (auto connected = socket.connect(url); !connected) {
            problem(Error{connected.error().code,
                          "Bybit private stream: " + connected.error().message});
            return;
        }
        AuthWatch watch(*sink);
        if (stopping || !authenticate(watch) || !socket.send(subscribe_request())) {
            return;
        }
        ++sessions;
        backoff.reset();
        if (on_ready) {
            on_ready();
        }
        Timestamp last_ping = clock->now();
        while (!stopping) {
            auto message = socket.read();
            if (!message) {
                if (!stopping) {
                    problem(Error{message.error().code,
                                  "Bybit private stream: " + message.error().message});
                }
                return;
            }
            if (auto parsed = parser.parse(*message, watch); !parsed) {
                problem(parsed.error());
            }
            if (clock->now() - last_ping >= options.ping_interval) {
                last_ping = clock->now();
                if (!socket.send(R"({"req_id":"ping","op":"ping"})")) {
                    return;
                }
            }
        }
    }
};

PrivateStream::PrivateStream(PrivateStreamOptions options, Credentials credentials,
                             const engine::Clock& clock, StreamSink& sink,
                             StreamProblemHandler on_problem, std::function<void()> on_ready)
    : state_(std::make_unique<State>(std::move(options), std::move(credentials), clock, sink,
                                     std::move(on_problem), std::move(on_ready))) {}

PrivateStream::~PrivateStream() {
    stop();
}

void PrivateStream::start() {
    state_->thread = std::thread([this] { state_->run(); });
}

void PrivateStream::stop() {
    {
        const std::scoped_lock lock(state_->mutex);
        state_->stopping = true;
    }
    state_->stop_signal.notify_all();
    state_->socket.cancel();
    if (state_->thread.joinable()) {
        state_->thread.join();
    }
}

std::optional<Error> PrivateStream::fatal_error() const {
    const std::scoped_lock lock(state_->mutex);
    return state_->fatal;
}

std::size_t PrivateStream::sessions() const {
    return state_->sessions.load();
}

}  // namespace osprey::bybit
