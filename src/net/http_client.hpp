#pragma once
// A blocking HTTP/1.1 client over one kept-alive connection (Boost.Beast,
// OpenSSL for https). One client per thread: it is not thread-safe, and
// send() blocks until the answer, an error or the timeout.
//
// Errors say whether the request may have reached the server, because an
// order must never be sent twice:
//   Unavailable - nothing was sent (no connection); resending is safe.
//   Timeout     - the request was sent but no complete answer came back
//                 (timeout or connection lost); the outcome is unknown, so
//                 look the order up before any resend.
// A stale kept-alive connection is replaced silently only when the request
// is idempotent (GET) or nothing was written yet.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace osprey::net {

enum class HttpMethod : std::uint8_t { Get, Post, Put, Delete };

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    HttpMethod method = HttpMethod::Get;
    // Path and query below the base URL's path: "/api/v3/time?x=1".
    std::string target;
    std::string body;
    // Sent with a non-empty body.
    std::string content_type = "application/x-www-form-urlencoded";
    HttpHeaders headers;
};

struct HttpResponse {
    int status = 0;
    std::string body;
    HttpHeaders headers;

    // The first header with this name (case-insensitive), if any.
    std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpClientOptions {
    Duration connect_timeout = std::chrono::seconds(5);
    // From the first byte sent to the last byte of the answer.
    Duration request_timeout = std::chrono::seconds(10);
    std::string user_agent = "osprey";
};

class HttpClient {
public:
    // base_url: "https://api.binance.com", "http://127.0.0.1:8080", ...
    static Result<HttpClient> create(std::string_view base_url, HttpClientOptions options = {});

    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    ~HttpClient();

    // Any HTTP status is a response; only transport failures are errors.
    Result<HttpResponse> send(const HttpRequest& request);

    // Drops the kept-alive connection (the next send reconnects).
    void disconnect();

private:
    struct Connection;
    explicit HttpClient(std::unique_ptr<Connection> connection);
    std::unique_ptr<Connection> connection_;
};

std::string_view to_string(HttpMethod method);

}  // namespace osprey::net
