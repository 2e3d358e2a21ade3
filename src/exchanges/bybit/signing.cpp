#include "exchanges/bybit/signing.hpp"

#include "net/hmac.hpp"

namespace osprey::bybit {

std::string string_to_sign(std::int64_t timestamp_ms, std::string_view api_key,
                           std::int64_t recv_window_ms, std::string_view payload) {
    std::string text = std::to_string(timestamp_ms);
    text.append(api_key);
    text.append(std::to_string(recv_window_ms));
    text.append(payload);
    return text;
}

std::string sign(std::string_view secret, std::string_view text) {
    return net::hmac_sha256_hex(secret, text);
}

std::string sign_request(const Credentials& credentials, std::int64_t timestamp_ms,
                         std::int64_t recv_window_ms, std::string_view payload) {
    return sign(credentials.secret,
                string_to_sign(timestamp_ms, credentials.api_key, recv_window_ms, payload));
}

std::string sign_websocket_auth(std::string_view secret, std::int64_t expires_ms) {
    std::string text = "GET/realtime";
    text.append(std::to_string(expires_ms));
    return sign(secret, text);
}

}  // namespace osprey::bybit
