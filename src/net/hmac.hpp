#pragma once
// HMAC-SHA256 for request signing. Both venues sign with it (Binance over
// the query string, Bybit over timestamp + key + window + payload), so it
// lives here rather than in either adapter.

#include <string>
#include <string_view>

namespace osprey::net {

// Lowercase hex of HMAC-SHA256(key, message): 64 characters.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace osprey::net
