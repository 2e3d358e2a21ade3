#pragma once
// Bybit's private WebSocket (protocols/bybit-v5.md §2.3, §4.4): authenticate
// with the signed "GET/realtime<expires>", subscribe to order, execution and
// position, and hand every push to a StreamSink on the stream's thread.
//
// A rejected authentication is final (bad credentials do not get better by
// retrying): the stream stops and fatal_error() says why, without the key
// or the secret. Anything else (a drop, a stall) reconnects with backoff;
// on_ready runs after each successful subscribe, which is where the owner
// reconciles what it may have missed while disconnected.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/ports/clock.hpp"
#include "exchanges/bybit/kline_stream.hpp"
#include "exchanges/bybit/signing.hpp"
#include "exchanges/bybit/stream_parser.hpp"

namespace osprey::bybit {

struct PrivateStreamOptions {
    // Host part; "/v5/private" is appended.
    std::string stream_url = std::string(testnet_public_stream_url);
    std::vector<std::string> topics = {"order", "execution", "position"};
    Duration ping_interval = std::chrono::seconds(20);
    Duration idle_timeout = std::chrono::seconds(60);
    // How far ahead the auth signature's expiry lies, and the venue's clock
    // minus ours (RestClient::time_offset()), so a skewed clock still signs
    // an expiry in the venue's future.
    Duration auth_expiry = std::chrono::seconds(10);
    Duration clock_offset{};
    Duration reconnect_initial = std::chrono::milliseconds(250);
    Duration reconnect_max = std::chrono::seconds(30);
};

class PrivateStream {
public:
    // The sink and handlers are called on the stream's thread.
    PrivateStream(PrivateStreamOptions options, Credentials credentials, const engine::Clock& clock,
                  StreamSink& sink, StreamProblemHandler on_problem,
                  std::function<void()> on_ready);
    PrivateStream(const PrivateStream&) = delete;
    PrivateStream& operator=(const PrivateStream&) = delete;
    PrivateStream(PrivateStream&&) = delete;
    PrivateStream& operator=(PrivateStream&&) = delete;
    ~PrivateStream();

    void start();
    void stop();

    // Set when authentication was refused; the stream has stopped.
    std::optional<Error> fatal_error() const;
    // Authenticated and subscribed sessions so far.
    std::size_t sessions() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace osprey::bybit
