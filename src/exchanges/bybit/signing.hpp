#pragma once
// Bybit v5 request signing (protocols/bybit-v5.md §2): the signature is the
// lowercase hex HMAC-SHA256, keyed by the API secret, of
// timestamp + api_key + recv_window + payload, where payload is the exact
// query string (GET) or the exact body bytes (POST). The private WebSocket
// signs "GET/realtime" + expires instead.

#include <cstdint>
#include <string>
#include <string_view>

namespace osprey::bybit {

// An API key pair. The secret is only ever handed to the HMAC; nothing in
// this adapter prints, logs or puts either field in an error message.
struct Credentials {
    std::string api_key;
    std::string secret;
};

// The bytes to sign, exactly as §2.1 assembles them.
std::string string_to_sign(std::int64_t timestamp_ms, std::string_view api_key,
                           std::int64_t recv_window_ms, std::string_view payload);

// Lowercase hex HMAC-SHA256 of `text` keyed by `secret`.
std::string sign(std::string_view secret, std::string_view text);

// X-BAPI-SIGN for one REST request.
std::string sign_request(const Credentials& credentials, std::int64_t timestamp_ms,
                         std::int64_t recv_window_ms, std::string_view payload);

// The signature of the private WebSocket's auth op.
std::string sign_websocket_auth(std::string_view secret, std::int64_t expires_ms);

}  // namespace osprey::bybit
