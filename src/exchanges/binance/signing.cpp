#include "exchanges/binance/signing.hpp"

#include <algorithm>

#include "net/hmac.hpp"

namespace osprey::binance {

std::string sign_rest(std::string_view secret, std::string_view query, std::string_view body) {
    std::string payload;
    payload.reserve(query.size() + body.size());
    payload.append(query).append(body);
    return net::hmac_sha256_hex(secret, payload);
}

std::string ws_payload(WsParameters parameters) {
    std::ranges::sort(parameters, {}, &std::pair<std::string, std::string>::first);
    std::string payload;
    for (const auto& [name, value] : parameters) {
        if (!payload.empty()) {
            payload.push_back('&');
        }
        payload.append(name).append("=").append(value);
    }
    return payload;
}

std::string sign_ws(std::string_view secret, WsParameters parameters) {
    return net::hmac_sha256_hex(secret, ws_payload(std::move(parameters)));
}

}  // namespace osprey::binance
