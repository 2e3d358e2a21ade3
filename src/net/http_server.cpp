#include "net/http_server.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <exception>
#include <mutex>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace osprey::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x))
               == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<HttpMethod> method_of(http::verb verb) {
    switch (verb) {
        case http::verb::get: return HttpMethod::Get;
        case http::verb::post: return HttpMethod::Post;
        case http::verb::put: return HttpMethod::Put;
        case http::verb::delete_: return HttpMethod::Delete;
        default: return std::nullopt;
    }
}

// {"error":"..."} on one line, whatever the exception text holds.
std::string error_json(std::string_view what) {
    std::string out = R"({"error":")";
    for (const char c : what) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20U) {
            constexpr std::string_view hex = "0123456789abcdef";
            out += "\\u00";
            out += hex[static_cast<unsigned char>(c) >> 4U];
            out += hex[static_cast<unsigned char>(c) & 0xFU];
        } else {
            out += c;
        }
    }
    out += "\"}";
    return out;
}

ServerResponse error_response(int status, std::string_view what) {
    return ServerResponse{status, "application/json", error_json(what), {}};
}

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

ServerRequest to_server_request(BeastRequest& request, HttpMethod method) {
    ServerRequest out{method, std::string(request.target()), std::move(request.body()), {}};
    for (const auto& field : request) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    return out;
}

BeastResponse to_beast(ServerResponse response, unsigned version, bool keep_alive) {
    if (response.status < 100 || response.status > 999) {
        response =
            error_response(500, "handler returned status " + std::to_string(response.status));
    }
    BeastResponse out{static_cast<http::status>(response.status), version};
    out.set(http::field::server, "osprey");
    if (!response.body.empty()) {
        out.set(http::field::content_type, response.content_type);
    }
    for (const auto& [name, value] : response.headers) {
        out.set(name, value);
    }
    out.body() = std::move(response.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    return out;
}

// A handler's throw is the client's 500, never the server's end.
template <class Call>
ServerResponse guarded(Call&& call) {
    try {
        return std::forward<Call>(call)();
    } catch (const std::exception& e) {
        return error_response(500, e.what());
    } catch (...) {
        return error_response(500, "unknown exception");
    }
}

class WebSocketSession;

}  // namespace

std::optional<std::string_view> ServerRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equal_ignoring_case(key, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::string_view ServerRequest::path() const {
    return std::string_view(target).substr(0, target.find('?'));
}

// Everything Asio owns lives in `loop` and is destroyed at stop(), which
// closes every socket; handlers and connections only run on the I/O thread.
struct HttpServer::Core {
    struct Loop {
        asio::io_context io{1};
        asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
        tcp::acceptor acceptor{io};
        asio::steady_timer retry{io};
        std::vector<std::vector<std::shared_ptr<WebSocketSession>>> clients;  // by route
    };

    ServerOptions options;
    RequestHandler handler;
    std::vector<WebSocketRoute> routes;
    std::unique_ptr<Loop> loop = std::make_unique<Loop>();

    mutable std::mutex mutex;  // guards the two below, read by other threads
    bool stopped = false;
    std::vector<std::size_t> client_counts;  // by route

    std::optional<std::size_t> route_of(std::string_view path) const {
        for (std::size_t i = 0; i < routes.size(); ++i) {
            if (routes[i].path == path) {
                return i;
            }
        }
        return std::nullopt;
    }

    void accept();
    void join(std::size_t route, const std::shared_ptr<WebSocketSession>& session);
    void leave(std::size_t route, const WebSocketSession* session);
    void deliver(std::size_t route, const std::shared_ptr<const std::string>& text) const;
};

namespace {

using Core = HttpServer::Core;

// One WebSocket client: a queue of shared messages with one write in flight
// and one read always pending (for client messages, pongs and the close).
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(Core& core, std::size_t route, tcp::socket socket)
        : core_(core), route_(route), ws_(std::move(socket)) {}

    // Joins the route before the handshake answer leaves, so a broadcast
    // made once the client's connect() returned is sure to reach it.
    void open(const BeastRequest& request, std::vector<std::string> greeting) {
        core_.join(route_, shared_from_this());
        for (auto& text : greeting) {
            queue_.push_back(std::make_shared<const std::string>(std::move(text)));
        }
        greeting_left_ = queue_.size();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = core_.options.idle_timeout;
        timeouts.idle_timeout = core_.options.idle_timeout;
        timeouts.keep_alive_pings = true;
        ws_.set_option(timeouts);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& r) { r.set(http::field::server, "osprey"); }));
        ws_.async_accept(request, [self = shared_from_this()](error_code error) {
            if (error) {
                self->drop();
                return;
            }
            self->accepted_ = true;
            self->read();
            self->write_next();
        });
    }

    void deliver(const std::shared_ptr<const std::string>& text) {
        if (closed_) {
            return;
        }
        if (queue_.size() - greeting_left_ >= core_.options.max_queued_messages) {
            drop();  // too slow: the others must not wait for it
            return;
        }
        queue_.push_back(text);
        if (accepted_ && !writing_) {
            write_next();
        }
    }

    void drop() {
        if (closed_) {
            return;
        }
        closed_ = true;
        core_.leave(route_, this);
        beast::get_lowest_layer(ws_).close();
    }

private:
    void write_next() {
        writing_ = !queue_.empty() && !closed_;
        if (!writing_) {
            return;
        }
        ws_.text(true);
        ws_.async_write(asio::buffer(*queue_.front()),
                        [self = shared_from_this()](error_code error, std::size_t) {
                            if (error) {
                                self->drop();
                                return;
                            }
                            self->queue_.pop_front();
                            if (self->greeting_left_ > 0) {
                                --self->greeting_left_;
                            }
                            self->write_next();
                        });
    }

    void read() {
        ws_.async_read(incoming_, [self = shared_from_this()](error_code error, std::size_t) {
            self->on_read(error);
        });
    }

    void on_read(error_code error) {
        if (error) {
            drop();
            return;
        }
        const auto& on_message = core_.routes[route_].on_message;
        if (on_message) {
            const auto bytes = incoming_.cdata();
            try {
                on_message(std::string_view(static_cast<const char*>(bytes.data()), bytes.size()));
            } catch (...) {
                drop();
                return;
            }
        }
        incoming_.consume(incoming_.size());
        read();
    }

    Core& core_;
    std::size_t route_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer incoming_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t greeting_left_ = 0;  // greeting messages still in queue_
    bool accepted_ = false;
    bool writing_ = false;
    bool closed_ = false;
};

// One HTTP connection: request, answer, repeat while kept alive; an upgrade
// hands the socket to a WebSocketSession.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(Core& core, tcp::socket socket) : core_(core), stream_(std::move(socket)) {}

    void read_request() {
        parser_.emplace();
        parser_->body_limit(core_.options.max_body_bytes);
        stream_.expires_after(core_.options.idle_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](error_code error, std::size_t) {
                             self->on_request(error);
                         });
    }

private:
    void on_request(error_code error) {
        const auto& http_errors = http::make_error_code(http::error::end_of_stream).category();
        if (error == http::error::body_limit) {
            respond(
                error_response(413, "request body over "
                                        + std::to_string(core_.options.max_body_bytes) + " bytes"),
                11, false);
            return;
        }
        if (error && error.category() == http_errors && error != http::error::end_of_stream
            && error != http::error::partial_message) {
            respond(error_response(400, "malformed request: " + error.message()), 11, false);
            return;
        }
        if (error) {
            stream_.close();  // closed by the client, idle or reset: nobody to answer
            return;
        }
        BeastRequest request = parser_->release();
        if (websocket::is_upgrade(request)) {
            upgrade(std::move(request));
            return;
        }
        const bool keep_alive = request.keep_alive();
        const unsigned version = request.version();
        respond(serve(request), version, keep_alive);
    }

    ServerResponse serve(BeastRequest& request) const {
        const auto method = method_of(request.method());
        if (!method) {
            auto refused = error_response(405, "method not allowed");
            refused.headers.emplace_back("Allow", "GET, POST, PUT, DELETE");
            return refused;
        }
        const ServerRequest server_request = to_server_request(request, *method);
        return guarded([&] { return core_.handler(server_request); });
    }

    void upgrade(BeastRequest request) {
        const ServerRequest server_request = to_server_request(request, HttpMethod::Get);
        const auto route = core_.route_of(server_request.path());
        if (!route) {
            respond(error_response(404, "no WebSocket at " + std::string(server_request.path())),
                    request.version(), false);
            return;
        }
        const WebSocketRoute& handlers = core_.routes[*route];
        std::optional<ServerResponse> refusal;
        std::vector<std::string> greeting;
        const ServerResponse failure = guarded([&] {
            if (handlers.admit) {
                refusal = handlers.admit(server_request);
            }
            if (!refusal && handlers.greeting) {
                greeting = handlers.greeting();
            }
            return ServerResponse{};
        });
        if (failure.status != 200 || refusal) {
            respond(refusal ? std::move(*refusal) : ServerResponse(failure), request.version(),
                    false);
            return;
        }
        stream_.expires_never();  // the WebSocket layer keeps its own deadlines
        auto session = std::make_shared<WebSocketSession>(core_, *route, stream_.release_socket());
        session->open(request, std::move(greeting));
    }

    void respond(ServerResponse response, unsigned version, bool keep_alive) {
        response_ = to_beast(std::move(response), version, keep_alive);
        stream_.expires_after(core_.options.idle_timeout);
        http::async_write(stream_, response_,
                          [self = shared_from_this(), keep_alive](error_code error, std::size_t) {
                              if (error) {
                                  self->stream_.close();
                              } else if (keep_alive) {
                                  self->read_request();
                              } else {
                                  self->finish();
                              }
                          });
    }

    // Closing with unread bytes (a refused body, a pipelined request) would
    // send a reset that can destroy the answer before the client reads it:
    // stop sending, read and discard until the client closes, then close.
    void finish() {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(
            std::min<Duration>(core_.options.idle_timeout, std::chrono::seconds(5)));
        discard();
    }

    void discard() {
        stream_.async_read_some(asio::buffer(scratch_),
                                [self = shared_from_this()](error_code error, std::size_t) {
                                    if (error) {
                                        self->stream_.close();
                                    } else {
                                        self->discard();
                                    }
                                });
    }

    Core& core_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    BeastResponse response_;
    std::array<char, 4096> scratch_{};
};

}  // namespace

void HttpServer::Core::accept() {
    loop->acceptor.async_accept([this](error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted) {
            return;
        }
        if (!error) {
            // Answers and pushes are small and latency matters more than
            // packet count: no Nagle delay.
            error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<HttpConnection>(*this, std::move(socket))->read_request();
            accept();
            return;
        }
        // Out of file descriptors and the like: try again shortly rather
        // than spin.
        loop->retry.expires_after(std::chrono::milliseconds(100));
        loop->retry.async_wait([this](error_code waited) {
            if (!waited) {
                accept();
            }
        });
    });
}

void HttpServer::Core::join(std::size_t route, const std::shared_ptr<WebSocketSession>& session) {
    loop->clients[route].push_back(session);
    const std::scoped_lock lock(mutex);
    ++client_counts[route];
}

void HttpServer::Core::leave(std::size_t route, const WebSocketSession* session) {
    std::erase_if(loop->clients[route], [&](const auto& s) { return s.get() == session; });
    const std::scoped_lock lock(mutex);
    --client_counts[route];
}

void HttpServer::Core::deliver(std::size_t route,
                               const std::shared_ptr<const std::string>& text) const {
    // A copy: a slow client leaves the list while we walk it.
    const auto clients = loop->clients[route];
    for (const auto& client : clients) {
        client->deliver(text);
    }
}

HttpServer::HttpServer(Key /*key*/, std::unique_ptr<Core> core, std::uint16_t port)
    : core_(std::move(core)), port_(port) {
    thread_ = std::thread([core = core_.get()] {
        // Handlers catch what they call; this keeps the thread alive if
        // anything else (an allocation) throws out of a completion.
        for (;;) {
            try {
                core->loop->io.run();
                return;
            } catch (...) {
            }
        }
    });
}

HttpServer::~HttpServer() {
    // stop() throws only if locking or joining fails (std::system_error),
    // which leaves nothing a destructor could do better than carry on.
    try {
        stop();
    } catch (...) {
    }
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const ServerOptions& options,
                                                      RequestHandler handler,
                                                      std::vector<WebSocketRoute> routes) {
    auto core = std::make_unique<Core>();
    core->options = options;
    core->handler = std::move(handler);
    core->routes = std::move(routes);
    core->client_counts.assign(core->routes.size(), 0);
    core->loop->clients.resize(core->routes.size());

    const std::string where = options.host + ":" + std::to_string(options.port);
    error_code error;
    tcp::resolver resolver(core->loop->io);
    const auto found =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, error);
    if (error || found.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "cannot listen on " + where + ": " + error.message());
    }
    tcp::acceptor& acceptor = core->loop->acceptor;
    const tcp::endpoint endpoint = found.begin()->endpoint();
    // reuse_address lets a restarted daemon bind over its old connections
    // in TIME_WAIT; it never lets two servers share a port.
    acceptor.open(endpoint.protocol(), error);
    if (!error) {
        acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    }
    if (!error) {
        acceptor.bind(endpoint, error);
    }
    if (!error) {
        acceptor.listen(asio::socket_base::max_listen_connections, error);
    }
    if (error) {
        return fail(ErrorCode::Unavailable, "cannot listen on " + where + ": " + error.message());
    }
    const std::uint16_t port = acceptor.local_endpoint().port();
    core->accept();
    return std::make_unique<HttpServer>(Key{}, std::move(core), port);
}

void HttpServer::broadcast(std::string_view path, std::string text) {
    const auto route = core_->route_of(path);
    if (!route) {
        return;
    }
    auto shared = std::make_shared<const std::string>(std::move(text));
    const std::scoped_lock lock(core_->mutex);
    if (!core_->stopped) {
        asio::post(core_->loop->io, [core = core_.get(), route = *route,
                                     shared = std::move(shared)] { core->deliver(route, shared); });
    }
}

std::size_t HttpServer::websocket_clients(std::string_view path) const {
    const auto route = core_->route_of(path);
    if (!route) {
        return 0;
    }
    const std::scoped_lock lock(core_->mutex);
    return core_->client_counts[*route];
}

void HttpServer::stop() {
    {
        const std::scoped_lock lock(core_->mutex);
        if (core_->stopped) {
            return;
        }
        core_->stopped = true;
        Core::Loop& loop = *core_->loop;
        asio::post(loop.io, [&loop] {
            error_code ignored;
            loop.acceptor.close(ignored);
            loop.io.stop();
        });
    }
    thread_.join();
    // Destroying the loop destroys the pending operations, and with them
    // every connection and its socket.
    core_->loop->clients.clear();
    core_->loop.reset();
    const std::scoped_lock lock(core_->mutex);
    std::ranges::fill(core_->client_counts, 0);
}

}  // namespace osprey::net
