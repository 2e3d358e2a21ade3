// The signing vectors of protocols/bybit-v5.md §2.2, byte for byte.

#include "exchanges/bybit/signing.hpp"

#include <gtest/gtest.h>

namespace osprey::bybit {
namespace {

constexpr std::string_view secret = "bybit-test-secret";
constexpr std::string_view key = "XXXXXXXXXX";

TEST(BybitSigning, AssemblesTheDocumentedPlaintexts) {
    EXPECT_EQ(
        string_to_sign(1658384314791, key, 5000, "category=option&symbol=BTC-29JUL22-25000-C"),
        "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
    EXPECT_EQ(string_to_sign(1658385579423, key, 5000, R"({"category": "option"})"),
              R"(1658385579423XXXXXXXXXX5000{"category": "option"})");
}

TEST(BybitSigning, GetVectorY1) {
    const Credentials credentials{std::string(key), std::string(secret)};
    EXPECT_EQ(sign_request(credentials, 1658384314791, 5000,
                           "category=option&symbol=BTC-29JUL22-25000-C"),
              "603cf75a23e0bd0a5226adb8f4f42accf1a7b89145fc1c05d3ec5f6855b26c67");
}

TEST(BybitSigning, PostVectorY2) {
    const Credentials credentials{std::string(key), std::string(secret)};
    EXPECT_EQ(sign_request(credentials, 1658385579423, 5000, R"({"category": "option"})"),
              "0b6c1a0303aa265223e936cc8820dba57780ea6063a9e08473dcb575c5ca3a7c");
}

TEST(BybitSigning, PostVectorY3) {
    const Credentials credentials{std::string(key), std::string(secret)};
    EXPECT_EQ(
        sign_request(credentials, 1672211928338, 5000,
                     R"({"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market",)"
                     R"("qty":"0.001","orderLinkId":"bot-0001"})"),
        "bccb9aaf773667c1937b1f115cba46d47baf01562f0a558f9711a7bd3f928f4b");
}

TEST(BybitSigning, WebSocketAuthVectorY4) {
    EXPECT_EQ(sign_websocket_auth(secret, 1662350400000),
              "e5afa359fdaabfeeae6a8755687997f43c4696196a957502edf608dcd3c83caa");
}

}  // namespace
}  // namespace osprey::bybit
