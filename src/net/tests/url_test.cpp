#include "net/url.hpp"

#include <gtest/gtest.h>

namespace osprey::net {
namespace {

TEST(Endpoint, SchemeDecidesTlsAndDefaultPort) {
    auto https = parse_endpoint("https://api.binance.com");
    ASSERT_TRUE(https);
    EXPECT_TRUE(https->tls);
    EXPECT_EQ(https->port, 443);
    EXPECT_EQ(https->host, "api.binance.com");
    EXPECT_EQ(https->path, "");

    auto wss = parse_endpoint("wss://stream.binance.com:9443/stream?streams=a/b");
    ASSERT_TRUE(wss);
    EXPECT_TRUE(wss->tls);
    EXPECT_EQ(wss->port, 9443);
    EXPECT_EQ(wss->path, "/stream?streams=a/b");

    auto mock = parse_endpoint("http://127.0.0.1:8080/");
    ASSERT_TRUE(mock);
    EXPECT_FALSE(mock->tls);
    EXPECT_EQ(mock->port, 8080);
    EXPECT_EQ(mock->path, "");

    auto ws = parse_endpoint("ws://localhost");
    ASSERT_TRUE(ws);
    EXPECT_EQ(ws->port, 80);
}

TEST(Endpoint, RejectsUnknownSchemesAndBadPorts) {
    EXPECT_FALSE(parse_endpoint("ftp://x"));
    EXPECT_FALSE(parse_endpoint("http://x:0"));
    EXPECT_FALSE(parse_endpoint("http://x:99999"));
    EXPECT_FALSE(parse_endpoint("http://:80"));
}

TEST(QueryString, KeepsOrderAndPercentEncodes) {
    QueryString query;
    query.add("symbol", "\xEF\xBC\x91\xEF\xBC\x92").add("side", "BUY").add("timestamp", 17);
    EXPECT_EQ(query.encoded(), "symbol=%EF%BC%91%EF%BC%92&side=BUY&timestamp=17");
    EXPECT_EQ(percent_encode("[\"A\",\"B\"]"), "%5B%22A%22%2C%22B%22%5D");
    EXPECT_EQ(percent_encode("a-b_c.d~"), "a-b_c.d~");
}

}  // namespace
}  // namespace osprey::net
