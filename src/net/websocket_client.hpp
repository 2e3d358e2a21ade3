#pragma once
// A blocking WebSocket client (Boost.Beast, OpenSSL for wss) for one
// connection. The owning thread connects, sends and reads; cancel() is the
// one call another thread may make, to end a blocked read at shutdown.
//
// Heart-beats: the server's pings are answered with pongs while read() waits,
// and an idle connection is pinged; a read that sees nothing for
// `idle_timeout` fails with Timeout, so a stalled stream is noticed.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "net/http_client.hpp"

namespace osprey::net {

// A message view from read() is followed by at least this many readable
// bytes, so simdjson can parse it in place without a copy.
inline constexpr std::size_t message_padding = 64;

struct WebSocketOptions {
    Duration connect_timeout = std::chrono::seconds(5);
    // No frame at all (data, ping or pong) for this long: the read fails.
    Duration idle_timeout = std::chrono::seconds(60);
    std::string user_agent = "osprey";
};

class WebSocketClient {
public:
    WebSocketClient();
    explicit WebSocketClient(WebSocketOptions options);
    WebSocketClient(const WebSocketClient&) = delete;
    WebSocketClient& operator=(const WebSocketClient&) = delete;
    WebSocketClient(WebSocketClient&&) noexcept;
    WebSocketClient& operator=(WebSocketClient&&) noexcept;
    ~WebSocketClient();

    // url: "wss://stream.binance.com:9443/stream?streams=a/b" or "ws://127.0.0.1:N/ws/x".
    Status connect(std::string_view url);
    Status send(std::string_view text);

    // The next text or binary message. The view stays valid until the next
    // read() and is followed by message_padding readable bytes.
    Result<std::string_view> read();

    // A clean close (errors ignored); the client can connect again after.
    void close();

    // Thread-safe: makes a blocked or future read() fail with Unavailable
    // until the next connect().
    void cancel();

    bool is_open() const;

private:
    struct Connection;
    std::unique_ptr<Connection> connection_;
};

}  // namespace osprey::net
