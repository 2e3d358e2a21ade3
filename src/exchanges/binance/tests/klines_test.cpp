#include "exchanges/binance/klines.hpp"

#include <gtest/gtest.h>

#include "net/websocket_client.hpp"

namespace osprey::binance {
namespace {

// A message as WebSocketClient::read() hands it over: padded after the end.
std::string padded(std::string_view text) {
    std::string copy(text);
    copy.append(net::message_padding, '\0');
    return copy;
}

Result<StreamMessage> parse(KlineParser& parser, std::string_view text) {
    const std::string buffer = padded(text);
    return parser.parse(std::string_view(buffer.data(), text.size()));
}

constexpr std::string_view raw_kline =
    R"({"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,)"
    R"("s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025",)"
    R"("l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}})";

TEST(BinanceKlines, ParsesTheDocumentedStreamEvent) {
    KlineParser parser;
    auto message = parse(parser, raw_kline);
    ASSERT_TRUE(message) << message.error().message;
    EXPECT_EQ(message->kind, StreamMessageKind::Kline);
    const Kline& kline = message->kline;
    EXPECT_EQ(kline.symbol.view(), "BNBBTC");
    EXPECT_EQ(kline.candle.open_time, Timestamp::from_millis(1672515780000));
    EXPECT_EQ(kline.close_time, Timestamp::from_millis(1672515839999));
    EXPECT_DOUBLE_EQ(kline.candle.open, 0.0010);
    EXPECT_DOUBLE_EQ(kline.candle.high, 0.0025);
    EXPECT_DOUBLE_EQ(kline.candle.low, 0.0015);
    EXPECT_DOUBLE_EQ(kline.candle.close, 0.0020);
    EXPECT_DOUBLE_EQ(kline.candle.volume, 1000);
    EXPECT_FALSE(kline.closed);
}

TEST(BinanceKlines, ParsesCombinedStreamsAndControlFrames) {
    KlineParser parser;
    const std::string combined =
        R"({"stream":"bnbbtc@kline_1m","data":)" + std::string(raw_kline) + "}";
    auto message = parse(parser, combined);
    ASSERT_TRUE(message) << message.error().message;
    EXPECT_EQ(message->kind, StreamMessageKind::Kline);
    EXPECT_EQ(message->kline.symbol.view(), "BNBBTC");

    auto control = parse(parser, R"({"result":null,"id":1})");
    ASSERT_TRUE(control);
    EXPECT_EQ(control->kind, StreamMessageKind::Control);

    auto shutdown =
        parse(parser, R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}})");
    ASSERT_TRUE(shutdown);
    EXPECT_EQ(shutdown->kind, StreamMessageKind::ServerShutdown);
}

TEST(BinanceKlines, MalformedMessagesAreCleanErrors) {
    KlineParser parser;
    const std::string_view half = raw_kline.substr(0, raw_kline.size() / 2);
    auto broken = parse(parser, half);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, ErrorCode::ParseError);
    EXPECT_FALSE(parse(parser, R"({"e":"kline","s":"BNBBTC","k":{"o":"abc"}})"));
    EXPECT_FALSE(parse(parser, "[]"));
    // The parser is fine afterwards.
    EXPECT_TRUE(parse(parser, raw_kline));
}

TEST(BinanceKlines, ParsesRestRows) {
    auto rows = parse_kline_rows(
        R"([[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",)"
        R"(1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]])",
        *Symbol::parse("LTCBTC"));
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1U);
    EXPECT_EQ((*rows)[0].candle.open_time, Timestamp::from_millis(1499040000000));
    EXPECT_DOUBLE_EQ((*rows)[0].candle.high, 0.8);
    EXPECT_EQ((*rows)[0].close_time, Timestamp::from_millis(1499644799999));
    EXPECT_FALSE(parse_kline_rows(R"([[1,"x"]])", *Symbol::parse("LTCBTC")));
}

TEST(BinanceKlines, StreamNames) {
    EXPECT_EQ(kline_stream_name(*Symbol::parse("BTCUSDT"), "1m"), "btcusdt@kline_1m");
}

}  // namespace
}  // namespace osprey::binance
