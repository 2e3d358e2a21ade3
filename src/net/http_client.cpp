#include "net/http_client.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "net/url.hpp"

namespace osprey::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

// exchangeInfo for every symbol is a few MB; klines pages are far smaller.
constexpr std::uint64_t max_body_bytes = 64U << 20U;

http::verb verb_of(HttpMethod method) {
    switch (method) {
        case HttpMethod::Get: return http::verb::get;
        case HttpMethod::Post: return http::verb::post;
        case HttpMethod::Put: return http::verb::put;
        case HttpMethod::Delete: return http::verb::delete_;
    }
    return http::verb::get;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x))
               == std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace

std::string_view to_string(HttpMethod method) {
    switch (method) {
        case HttpMethod::Get: return "GET";
        case HttpMethod::Post: return "POST";
        case HttpMethod::Put: return "PUT";
        case HttpMethod::Delete: return "DELETE";
    }
    return "GET";
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equal_ignoring_case(key, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

struct HttpClient::Connection {
    Endpoint endpoint;
    HttpClientOptions options;
    asio::io_context context;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;
    bool open = false;

    beast::tcp_stream& socket() { return endpoint.tls ? beast::get_lowest_layer(*secure) : *plain; }

    // Runs the queued operations to completion (each one carries its own
    // deadline through the tcp_stream).
    void run() {
        context.restart();
        context.run();
    }

    Status connect();
    void close();
    error_code exchange(const http::request<http::string_body>& request,
                        http::response<http::string_body>& response, bool& sent);
};

Status HttpClient::Connection::connect() {
    close();
    error_code error;
    asio::ip::tcp::resolver resolver(context);
    asio::ip::tcp::resolver::results_type addresses;
    resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                           [&](error_code e, asio::ip::tcp::resolver::results_type found) {
                               error = e;
                               addresses = std::move(found);
                           });
    run();
    if (error) {
        return fail(ErrorCode::Unavailable,
                    "cannot resolve " + endpoint.host + ": " + error.message());
    }
    if (endpoint.tls) {
        secure.emplace(context, tls);
    } else {
        plain.emplace(context);
    }
    socket().expires_after(options.connect_timeout);
    socket().async_connect(addresses, [&](error_code e, const auto&) { error = e; });
    run();
    if (!error && endpoint.tls) {
        if (SSL_ctrl(secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                     TLSEXT_NAMETYPE_host_name, const_cast<char*>(endpoint.host.c_str()))
            != 1) {
            return fail(ErrorCode::Unavailable, "cannot set TLS server name " + endpoint.host);
        }
        secure->set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
        socket().expires_after(options.connect_timeout);
        secure->async_handshake(asio::ssl::stream_base::client, [&](error_code e) { error = e; });
        run();
    }
    if (error) {
        close();
        return fail(ErrorCode::Unavailable, "cannot connect to " + endpoint.host + ":"
                                                + std::to_string(endpoint.port) + ": "
                                                + error.message());
    }
    open = true;
    return {};
}

void HttpClient::Connection::close() {
    if (plain) {
        error_code ignored;
        plain->socket().close(ignored);
        plain.reset();
    }
    if (secure) {
        error_code ignored;
        beast::get_lowest_layer(*secure).socket().close(ignored);
        secure.reset();
    }
    buffer.clear();
    open = false;
}

error_code HttpClient::Connection::exchange(const http::request<http::string_body>& request,
                                            http::response<http::string_body>& response,
                                            bool& sent) {
    error_code error;
    sent = false;
    socket().expires_after(options.request_timeout);
    auto on_written = [&](error_code e, std::size_t) {
        error = e;
        sent = !e;
    };
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_body_bytes);
    auto on_read = [&](error_code e, std::size_t) { error = e; };
    if (endpoint.tls) {
        http::async_write(*secure, request, on_written);
        run();
        if (!error) {
            http::async_read(*secure, buffer, parser, on_read);
            run();
        }
    } else {
        http::async_write(*plain, request, on_written);
        run();
        if (!error) {
            http::async_read(*plain, buffer, parser, on_read);
            run();
        }
    }
    if (!error) {
        response = parser.release();
    }
    return error;
}

HttpClient::HttpClient(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

Result<HttpClient> HttpClient::create(std::string_view base_url, HttpClientOptions options) {
    auto endpoint = parse_endpoint(base_url);
    if (!endpoint) {
        return fail(endpoint.error());
    }
    auto connection = std::make_unique<Connection>();
    connection->endpoint = std::move(*endpoint);
    connection->options = std::move(options);
    if (connection->endpoint.tls) {
        connection->tls.set_default_verify_paths();
        connection->tls.set_verify_mode(asio::ssl::verify_peer);
    }
    return HttpClient(std::move(connection));
}

void HttpClient::disconnect() {
    connection_->close();
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
    Connection& c = *connection_;
    http::request<http::string_body> message{verb_of(request.method),
                                             c.endpoint.path + request.target, 11};
    message.set(http::field::host, c.endpoint.host);
    message.set(http::field::user_agent, c.options.user_agent);
    message.keep_alive(true);
    for (const auto& [name, value] : request.headers) {
        message.set(name, value);
    }
    if (!request.body.empty()) {
        message.set(http::field::content_type, request.content_type);
        message.body() = request.body;
    }
    message.prepare_payload();

    const bool reused = c.open;
    if (!c.open) {
        if (auto connected = c.connect(); !connected) {
            return fail(connected.error());
        }
    }
    http::response<http::string_body> answer;
    bool sent = false;
    error_code error = c.exchange(message, answer, sent);
    // A kept-alive connection the server closed while idle fails at once;
    // replace it, but resend only what cannot do harm twice.
    if (error && reused && (!sent || request.method == HttpMethod::Get)
        && error != beast::error::timeout) {
        if (auto connected = c.connect(); !connected) {
            return fail(connected.error());
        }
        error = c.exchange(message, answer, sent);
    }
    if (error) {
        c.close();
        const std::string what = std::string(to_string(request.method)) + " "
                                 + std::string(request.target.substr(0, request.target.find('?')));
        if (!sent) {
            return fail(ErrorCode::Unavailable, what + " not sent: " + error.message());
        }
        return fail(ErrorCode::Timeout, what + ": no answer (" + error.message() + ")");
    }
    if (!answer.keep_alive()) {
        c.close();
    }
    HttpResponse response;
    response.status = static_cast<int>(answer.result_int());
    response.body = std::move(answer.body());
    for (const auto& field : answer) {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    return response;
}

}  // namespace osprey::net
