#pragma once
// Where a client connects: scheme, host, port and a path prefix, parsed
// from a base URL such as "https://api.binance.com" or "ws://127.0.0.1:8080".
// The scheme decides TLS: https and wss use it, http and ws (the loopback
// mock) do not. Base URLs are configuration, never code.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace osprey::net {

struct Endpoint {
    bool tls = false;
    std::string host;
    std::uint16_t port = 0;
    // Path prefix without a trailing slash ("" for a bare host).
    std::string path;
};

// Accepts http, https, ws and wss URLs; the port defaults to 80 or 443.
Result<Endpoint> parse_endpoint(std::string_view url);

// RFC 3986 percent-encoding of everything but unreserved characters, so a
// signed query string is exactly the bytes sent.
std::string percent_encode(std::string_view text);

// An ordered list of query parameters. Order is kept because a signature
// covers the bytes as sent.
class QueryString {
public:
    QueryString& add(std::string_view name, std::string_view value);
    QueryString& add(std::string_view name, std::int64_t value);

    // "a=1&b=x%20y": names and values percent-encoded.
    std::string encoded() const;

    bool empty() const { return parameters_.empty(); }

private:
    std::vector<std::pair<std::string, std::string>> parameters_;
};

}  // namespace osprey::net
