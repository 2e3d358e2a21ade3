#include "net/hmac.hpp"

#include <array>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/assert.hpp"

namespace osprey::net {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const unsigned char* result = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), digest.data(), &length);
    OSPREY_ASSERT(result != nullptr && length == 32, "HMAC-SHA256 failed");
    constexpr std::string_view hex = "0123456789abcdef";
    std::string text;
    text.reserve(std::size_t{2} * length);
    for (unsigned int i = 0; i < length; ++i) {
        text.push_back(hex[digest[i] >> 4U]);
        text.push_back(hex[digest[i] & 0x0FU]);
    }
    return text;
}

}  // namespace osprey::net
