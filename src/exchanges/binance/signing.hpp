#pragma once
// Binance request signatures (protocols/binance-spot.md §2).
//   REST: HMAC-SHA256 hex of the query string as sent followed by the body,
//         with no separator; `signature` is appended last.
//   WebSocket API: HMAC-SHA256 hex of the params sorted by name, joined as
//         k=v with '&', values raw (not percent-encoded).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace osprey::binance {

std::string sign_rest(std::string_view secret, std::string_view query, std::string_view body);

using WsParameters = std::vector<std::pair<std::string, std::string>>;

// The payload the WebSocket API signs: params sorted by name, raw values.
std::string ws_payload(WsParameters parameters);
std::string sign_ws(std::string_view secret, WsParameters parameters);

}  // namespace osprey::binance
