#pragma once
// An HTTP/1.1 and WebSocket server (Boost.Beast, plain TCP) for the daemon's
// control API and the dashboard. One I/O thread, with its own io_context,
// accepts, parses, writes and calls every handler: handlers must be quick
// (look up state, copy it out) or hand the work to another thread, because
// while one runs no other client is served.
//
// HTTP: keep-alive; a body over max_body_bytes gets 413, a request that does
// not parse 400, a method outside HttpMethod 405, and a handler that throws
// 500 with {"error":"<what>"}: the server never dies of a bad request.
//
// WebSocket: an upgrade on a route's path is offered to its admit() (refuse
// with a response, e.g. 401); an upgrade on another path gets 404. A new
// client is sent greeting() first, then every broadcast() on its path, in
// order. A client more than max_queued_messages behind is disconnected, so a
// slow reader never holds up the others or grows memory without bound.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "net/http_client.hpp"

namespace osprey::net {

struct ServerRequest {
    HttpMethod method = HttpMethod::Get;
    std::string target;  // path and query: "/api/orders?symbol=BTCUSDT"
    std::string body;
    HttpHeaders headers;

    // The first header with this name (case-insensitive), if any.
    std::optional<std::string_view> header(std::string_view name) const;
    // The target without its "?query".
    std::string_view path() const;
};

struct ServerResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    HttpHeaders headers;
};

using RequestHandler = std::function<ServerResponse(const ServerRequest&)>;

struct WebSocketRoute {
    std::string path;  // "/ws": matched against the upgrade's path, query ignored
    // nullopt accepts the upgrade; a response refuses it (auth: 401).
    // Empty: every upgrade on the path is accepted.
    std::function<std::optional<ServerResponse>(const ServerRequest&)> admit;
    // Sent first to each new client (a snapshot); may be empty.
    std::function<std::vector<std::string>()> greeting;
    // Client-to-server messages; may be empty. A throw disconnects the client.
    std::function<void(std::string_view message)> on_message;
};

struct ServerOptions {
    // Loopback by default; "0.0.0.0" serves every interface.
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port, see HttpServer::port()
    std::size_t max_body_bytes = std::size_t{1} << 20U;
    // An HTTP connection with no request this long is closed; a WebSocket
    // client is pinged and dropped after this long without a frame.
    Duration idle_timeout = std::chrono::seconds(60);
    // Per WebSocket client, greeting not counted: one further behind is
    // disconnected and never blocks the others.
    std::size_t max_queued_messages = 1024;
};

class HttpServer {
public:
    // Binds and starts the I/O thread. Fails with Unavailable naming
    // host:port when the address cannot be bound (e.g. the port is in use).
    static Result<std::unique_ptr<HttpServer>> start(const ServerOptions& options,
                                                     RequestHandler handler,
                                                     std::vector<WebSocketRoute> routes = {});

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    HttpServer(HttpServer&&) = delete;
    HttpServer& operator=(HttpServer&&) = delete;
    ~HttpServer();

    // The bound port (the chosen one when options.port was 0).
    std::uint16_t port() const { return port_; }

    // Thread-safe: queues `text` to every client on `path` (no-op after stop).
    void broadcast(std::string_view path, std::string text);

    // Thread-safe: clients on `path` that a broadcast() now would reach.
    std::size_t websocket_clients(std::string_view path) const;

    // Closes the listener and every connection and joins the I/O thread.
    // Idempotent; never call it from a handler (it would wait for itself).
    void stop();

    struct Core;  // the Asio side, in http_server.cpp

    // Only start() can make one (make_unique needs a public constructor).
    class Key {
        friend class HttpServer;
        Key() = default;
    };

    HttpServer(Key key, std::unique_ptr<Core> core, std::uint16_t port);

private:
    std::unique_ptr<Core> core_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace osprey::net
