// WebSocket messages (protocols/bybit-v5.md §4): klines with the confirm
// flag, private order / execution / position pushes, control replies, and
// broken messages as clean errors after which the parser goes on.

#include "exchanges/bybit/stream_parser.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace osprey::bybit {
namespace {

struct Recorder final : StreamSink {
    std::vector<KlineUpdate> klines;
    std::vector<std::string> orders;
    std::vector<std::string> fills;
    std::vector<std::string> positions;
    std::vector<std::string> controls;

    void on_kline(const KlineUpdate& update) override { klines.push_back(update); }

    void on_order(const OrderReport& order) override {
        orders.push_back(std::string(order.order_link_id) + " "
                         + std::string(to_string(order.status)) + " "
                         + order.filled_quantity.to_string());
    }

    void on_execution(const ExecutionReport& fill) override {
        fills.push_back(std::string(fill.order_link_id) + " " + fill.quantity.to_string() + "@"
                        + fill.price.to_string());
    }

    void on_position(const PositionReport& position) override {
        positions.push_back(std::string(position.symbol.view()) + " " + position.size.to_string()
                            + " tp " + position.take_profit.to_string() + " sl "
                            + position.stop_loss.to_string());
    }

    void on_control(const ControlReply& reply) override {
        controls.push_back(std::string(reply.op) + (reply.success ? " ok" : " failed") + " "
                           + std::string(reply.message));
    }
};

constexpr std::string_view kline_message =
    R"({"topic":"kline.5.BTCUSDT","type":"snapshot","ts":1672324988882,"data":[{"start":1672324800000,)"
    R"("end":1672325099999,"interval":"5","open":"16649.5","close":"16677","high":"16677","low":"16608",)"
    R"("volume":"2.081","turnover":"34666.4005","confirm":true,"timestamp":1672324988882}]})";

TEST(BybitStreamParser, ReadsAClosedKline) {
    StreamParser parser;
    Recorder sink;
    ASSERT_TRUE(parser.parse(kline_message, sink));
    ASSERT_EQ(sink.klines.size(), 1U);
    const auto& update = sink.klines.front();
    EXPECT_EQ(update.symbol.view(), "BTCUSDT");
    EXPECT_EQ(update.interval, "5");
    EXPECT_TRUE(update.closed);
    EXPECT_EQ(update.candle.open_time.millis(), 1672324800000);
    EXPECT_DOUBLE_EQ(update.candle.open, 16649.5);
    EXPECT_DOUBLE_EQ(update.candle.high, 16677);
    EXPECT_DOUBLE_EQ(update.candle.low, 16608);
    EXPECT_DOUBLE_EQ(update.candle.volume, 2.081);
    EXPECT_EQ(update.end.millis(), 1672325099999);
}

TEST(BybitStreamParser, ReadsPrivateTopics) {
    StreamParser parser;
    Recorder sink;
    ASSERT_TRUE(parser.parse(
        R"({"id":"1","topic":"order","creationTime":1,"data":[{"category":"linear","orderId":"abc","orderLinkId":"osp-1-1",)"
        R"("symbol":"BTCUSDT","side":"Buy","orderType":"Market","price":"0","qty":"0.010","orderStatus":"Filled",)"
        R"("avgPrice":"60000.1","cumExecQty":"0.010","cumExecValue":"600.001","cumExecFee":"0.33","rejectReason":"EC_NoError",)"
        R"("updatedTime":"1672364262474"}]})",
        sink));
    ASSERT_TRUE(parser.parse(
        R"({"id":"2","topic":"execution","creationTime":1,"data":[{"category":"linear","symbol":"BTCUSDT","execId":"e1",)"
        R"("orderId":"abc","orderLinkId":"osp-1-1","side":"Buy","execPrice":"60000.1","execQty":"0.004","execValue":"240",)"
        R"("execFee":"0.1","execType":"Trade","execTime":"1672364262474","isMaker":false},)"
        R"({"category":"linear","symbol":"BTCUSDT","execId":"e2","orderId":"abc","orderLinkId":"osp-1-1","side":"Buy",)"
        R"("execPrice":"60000.1","execQty":"0.006","execValue":"360","execFee":"0.2","execType":"Trade","execTime":"1","isMaker":false}]})",
        sink));
    ASSERT_TRUE(parser.parse(
        R"({"id":"3","topic":"position","creationTime":1,"data":[{"positionIdx":0,"symbol":"BTCUSDT","side":"Buy",)"
        R"("size":"0.010","avgPrice":"60000.1","takeProfit":"70000","stopLoss":"","unrealisedPnl":"1.5","updatedTime":"1"}]})",
        sink));
    EXPECT_EQ(sink.orders, std::vector<std::string>{"osp-1-1 Filled 0.01"});
    EXPECT_EQ(sink.fills,
              (std::vector<std::string>{"osp-1-1 0.004@60000.1", "osp-1-1 0.006@60000.1"}));
    EXPECT_EQ(sink.positions, std::vector<std::string>{"BTCUSDT 0.01 tp 70000 sl 0"});
}

TEST(BybitStreamParser, ReadsControlReplies) {
    StreamParser parser;
    Recorder sink;
    ASSERT_TRUE(parser.parse(R"({"success":true,"ret_msg":"","op":"auth","conn_id":"c1"})", sink));
    ASSERT_TRUE(parser.parse(
        R"({"success":false,"ret_msg":"Invalid apikey","op":"auth","conn_id":"c1"})", sink));
    ASSERT_TRUE(
        parser.parse(R"({"req_id":"9","op":"pong","args":["1675418560633"],"conn_id":"c"})", sink));
    EXPECT_EQ(sink.controls,
              (std::vector<std::string>{"auth ok ", "auth failed Invalid apikey", "pong ok "}));
}

TEST(BybitStreamParser, BrokenMessagesAreErrorsAndTheParserGoesOn) {
    StreamParser parser;
    Recorder sink;
    EXPECT_FALSE(parser.parse(R"({"topic":"kline.5.BTCUSDT","data":[{"start":1,)", sink));
    EXPECT_FALSE(parser.parse("not json", sink));
    EXPECT_FALSE(parser.parse(R"({"hello":1})", sink));
    EXPECT_FALSE(parser.parse(R"({"topic":"kline.5.BTCUSDT","data":[{"start":"x"}]})", sink));
    ASSERT_TRUE(parser.parse(kline_message, sink));
    EXPECT_EQ(sink.klines.size(), 1U);
}

}  // namespace
}  // namespace osprey::bybit
