#include "net/websocket_client.hpp"

#include <atomic>
#include <cstring>
#include <variant>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "net/url.hpp"

namespace osprey::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

using PlainSocket = websocket::stream<beast::tcp_stream>;
using SecureSocket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WebSocketClient::Connection {
    WebSocketOptions options;
    asio::io_context context;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    std::variant<std::monostate, PlainSocket, SecureSocket> socket;
    beast::flat_buffer buffer;
    std::string message;  // the last message, padded for simdjson
    std::atomic<bool> cancelled{false};

    // Runs handlers until `done`: the websocket layer keeps a timer pending
    // for its pings while the stream is open, so run() would wait for it.
    void run_until(const bool& done) {
        context.restart();
        while (!done && context.run_one() > 0) {
        }
    }

    beast::tcp_stream& lowest() {
        if (auto* secure = std::get_if<SecureSocket>(&socket)) {
            return beast::get_lowest_layer(*secure);
        }
        return beast::get_lowest_layer(std::get<PlainSocket>(socket));
    }

    void drop() {
        if (!std::holds_alternative<std::monostate>(socket)) {
            error_code ignored;
            lowest().socket().close(ignored);
        }
        socket.emplace<std::monostate>();
        buffer.clear();
    }

    error_code open_tcp(const Endpoint& endpoint);
    error_code handshake(const Endpoint& endpoint, const std::string& target);
};

error_code WebSocketClient::Connection::open_tcp(const Endpoint& endpoint) {
    error_code error;
    bool done = false;
    asio::ip::tcp::resolver resolver(context);
    asio::ip::tcp::resolver::results_type addresses;
    resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                           [&](error_code e, asio::ip::tcp::resolver::results_type found) {
                               error = e;
                               addresses = std::move(found);
                               done = true;
                           });
    run_until(done);
    if (error) {
        return error;
    }
    if (endpoint.tls) {
        socket.emplace<SecureSocket>(context, tls);
    } else {
        socket.emplace<PlainSocket>(context);
    }
    lowest().expires_after(options.connect_timeout);
    done = false;
    lowest().async_connect(addresses, [&](error_code e, const auto&) {
        error = e;
        done = true;
    });
    run_until(done);
    if (error || !endpoint.tls) {
        return error;
    }
    auto& secure = std::get<SecureSocket>(socket);
    if (SSL_ctrl(secure.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                 TLSEXT_NAMETYPE_host_name, const_cast<char*>(endpoint.host.c_str()))
        != 1) {
        return asio::error::invalid_argument;
    }
    secure.next_layer().set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
    lowest().expires_after(options.connect_timeout);
    done = false;
    secure.next_layer().async_handshake(asio::ssl::stream_base::client, [&](error_code e) {
        error = e;
        done = true;
    });
    run_until(done);
    return error;
}

error_code WebSocketClient::Connection::handshake(const Endpoint& endpoint,
                                                  const std::string& target) {
    error_code error;
    const std::string host = endpoint.host + ":" + std::to_string(endpoint.port);
    std::visit(
        [&](auto& ws) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) {
                // The websocket layer owns the deadlines from here on:
                // handshake timeout, then idle timeout with keep-alive pings.
                beast::get_lowest_layer(ws).expires_never();
                websocket::stream_base::timeout timeouts{};
                timeouts.handshake_timeout = options.connect_timeout;
                timeouts.idle_timeout = options.idle_timeout;
                timeouts.keep_alive_pings = true;
                ws.set_option(timeouts);
                ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& r) {
                    r.set(beast::http::field::user_agent, options.user_agent);
                }));
                ws.read_message_max(16U << 20U);
                bool done = false;
                ws.async_handshake(host, target, [&](error_code e) {
                    error = e;
                    done = true;
                });
                run_until(done);
            }
        },
        socket);
    return error;
}

WebSocketClient::WebSocketClient() : WebSocketClient(WebSocketOptions{}) {}

WebSocketClient::WebSocketClient(WebSocketOptions options)
    : connection_(std::make_unique<Connection>()) {
    connection_->options = std::move(options);
    connection_->tls.set_default_verify_paths();
    connection_->tls.set_verify_mode(asio::ssl::verify_peer);
}

WebSocketClient::WebSocketClient(WebSocketClient&&) noexcept = default;
WebSocketClient& WebSocketClient::operator=(WebSocketClient&&) noexcept = default;
WebSocketClient::~WebSocketClient() = default;

Status WebSocketClient::connect(std::string_view url) {
    Connection& c = *connection_;
    c.drop();
    c.cancelled = false;
    auto endpoint = parse_endpoint(url);
    if (!endpoint) {
        return fail(endpoint.error());
    }
    // The endpoint's "path" is the whole target here, query included.
    const std::string target = endpoint->path.empty() ? "/" : endpoint->path;
    error_code error = c.open_tcp(*endpoint);
    if (!error) {
        error = c.handshake(*endpoint, target);
    }
    if (error) {
        c.drop();
        const std::string where = endpoint->host + ":" + std::to_string(endpoint->port);
        return fail(ErrorCode::Unavailable,
                    "WebSocket connect to " + where + " failed: " + error.message());
    }
    return {};
}

Status WebSocketClient::send(std::string_view text) {
    Connection& c = *connection_;
    error_code error = asio::error::not_connected;
    std::visit(
        [&](auto& ws) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) {
                ws.text(true);
                bool done = false;
                ws.async_write(asio::buffer(text.data(), text.size()),
                               [&](error_code e, std::size_t) {
                                   error = e;
                                   done = true;
                               });
                c.run_until(done);
            }
        },
        c.socket);
    if (error) {
        c.drop();
        return fail(ErrorCode::Unavailable, "WebSocket send failed: " + error.message());
    }
    return {};
}

Result<std::string_view> WebSocketClient::read() {
    Connection& c = *connection_;
    if (c.cancelled) {
        return fail(ErrorCode::Unavailable, "WebSocket read cancelled");
    }
    error_code error = asio::error::not_connected;
    std::visit(
        [&](auto& ws) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) {
                bool done = false;
                ws.async_read(c.buffer, [&](error_code e, std::size_t) {
                    error = e;
                    done = true;
                });
                c.run_until(done);
            }
        },
        c.socket);
    if (error) {
        c.drop();
        const ErrorCode code =
            error == beast::error::timeout ? ErrorCode::Timeout : ErrorCode::Unavailable;
        return fail(code, "WebSocket read failed: " + error.message());
    }
    // Copy into a buffer that keeps its capacity: no allocation once warm.
    const std::size_t size = c.buffer.size();
    if (c.message.size() < size + message_padding) {
        c.message.resize(size + message_padding);
    }
    const auto data = c.buffer.cdata();
    std::memcpy(c.message.data(), data.data(), size);
    std::memset(c.message.data() + size, 0, message_padding);
    c.buffer.consume(size);
    return std::string_view(c.message.data(), size);
}

void WebSocketClient::close() {
    Connection& c = *connection_;
    std::visit(
        [&](auto& ws) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(ws)>, std::monostate>) {
                bool done = false;
                ws.async_close(websocket::close_code::normal, [&](error_code) { done = true; });
                c.run_until(done);
            }
        },
        c.socket);
    c.drop();
}

void WebSocketClient::cancel() {
    Connection& c = *connection_;
    c.cancelled = true;
    asio::post(c.context, [&c] {
        if (!std::holds_alternative<std::monostate>(c.socket)) {
            error_code ignored;
            c.lowest().socket().close(ignored);
        }
    });
}

bool WebSocketClient::is_open() const {
    return !std::holds_alternative<std::monostate>(connection_->socket);
}

}  // namespace osprey::net
