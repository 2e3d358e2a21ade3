#include "exchanges/binance/signing.hpp"

#include <gtest/gtest.h>

namespace osprey::binance {
namespace {

// protocols/binance-spot.md §2.2, byte for byte.
constexpr std::string_view secret =
    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
constexpr std::string_view api_key =
    "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";

TEST(BinanceSigning, B1RestQueryString) {
    EXPECT_EQ(sign_rest(secret,
                        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&"
                        "recvWindow=5000&timestamp=1499827319559",
                        ""),
              "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST(BinanceSigning, B2PercentEncodedSymbol) {
    EXPECT_EQ(sign_rest(secret,
                        "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&"
                        "type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&"
                        "timestamp=1499827319559",
                        ""),
              "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

TEST(BinanceSigning, B3QueryThenBodyWithNoSeparator) {
    EXPECT_EQ(sign_rest(secret, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                        "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"),
              "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
}

TEST(BinanceSigning, B4WebSocketSortedParameters) {
    const WsParameters parameters{{"symbol", "BTCUSDT"},
                                  {"side", "SELL"},
                                  {"type", "LIMIT"},
                                  {"timeInForce", "GTC"},
                                  {"quantity", "0.01000000"},
                                  {"price", "52000.00"},
                                  {"recvWindow", "100"},
                                  {"timestamp", "1645423376532"},
                                  {"apiKey", std::string(api_key)}};
    EXPECT_EQ(sign_ws(secret, parameters),
              "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24");
}

TEST(BinanceSigning, B5WebSocketRawUtf8) {
    const WsParameters parameters{
        {"symbol", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96"},
        {"side", "BUY"},
        {"type", "LIMIT"},
        {"timeInForce", "GTC"},
        {"quantity", "1.00000000"},
        {"price", "0.10000000"},
        {"recvWindow", "5000"},
        {"timestamp", "1645423376532"},
        {"apiKey", std::string(api_key)}};
    EXPECT_EQ(sign_ws(secret, parameters),
              "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd");
}

TEST(BinanceSigning, DerivedVectors) {
    EXPECT_EQ(sign_ws(secret, {{"timestamp", "1747385641636"}, {"apiKey", std::string(api_key)}}),
              "681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e");
    EXPECT_EQ(sign_rest(secret,
                        "symbol=BTCUSDT&origClientOrderId=bot-0001&recvWindow=5000&"
                        "timestamp=1499827319559",
                        ""),
              "984b021110642b34cdca51eeab34b4c6d287e446a052d7006ffa3a65cb5b785e");
}

}  // namespace
}  // namespace osprey::binance
