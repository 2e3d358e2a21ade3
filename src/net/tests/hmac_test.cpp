#include "net/hmac.hpp"

#include <gtest/gtest.h>

namespace osprey::net {
namespace {

// protocols/binance-spot.md §2.2: the official example key pair and vectors.
constexpr std::string_view secret =
    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

TEST(Hmac, BinanceRestVector) {
    EXPECT_EQ(hmac_sha256_hex(secret,
                              "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price="
                              "0.1&recvWindow=5000&timestamp=1499827319559"),
              "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST(Hmac, EmptyMessageIsTheRfcValue) {
    // HMAC-SHA256 with an empty key and message (a widely published value).
    EXPECT_EQ(hmac_sha256_hex("", ""),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Hmac, Rfc4231Case2) {
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace osprey::net
