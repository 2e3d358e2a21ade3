#include "exchanges/bybit/signing.hpp"

#include <array>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/assert.hpp"

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
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const unsigned char* done = HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size(), digest.data(), &length);
    OSPREY_ASSERT(done != nullptr, "HMAC-SHA256 failed");
    constexpr std::string_view hex = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(length) * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4U]);
        out.push_back(hex[digest[i] & 0x0FU]);
    }
    return out;
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
