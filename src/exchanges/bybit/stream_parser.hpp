#pragma once
// Bybit WebSocket messages (protocols/bybit-v5.md §4): public kline pushes,
// private order / execution / position pushes, and the control replies
// (auth, subscribe, pong). One parser per connection, reused for every
// message: after the first few messages it allocates nothing, and the
// views it hands out live until the next call.

#include <memory>
#include <string_view>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "exchanges/bybit/reports.hpp"

namespace osprey::bybit {

struct KlineUpdate {
    Symbol symbol;
    std::string_view interval;  // "1", "15", "D", ...
    Candle candle;              // open_time = the bar's start
    Timestamp end;
    bool closed = false;  // confirm: the bar is final
};

// A reply to an op the client sent (auth, subscribe, ping).
struct ControlReply {
    std::string_view op;
    bool success = true;
    std::string_view message;  // ret_msg
};

// Receives what a message holds. Defaults ignore, so a sink overrides only
// what its connection subscribes to.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    StreamSink() = default;
    StreamSink(const StreamSink&) = delete;
    StreamSink& operator=(const StreamSink&) = delete;
    StreamSink(StreamSink&&) = delete;
    StreamSink& operator=(StreamSink&&) = delete;

    virtual void on_kline(const KlineUpdate& /*update*/) {}

    virtual void on_order(const OrderReport& /*order*/) {}

    virtual void on_execution(const ExecutionReport& /*fill*/) {}

    virtual void on_position(const PositionReport& /*position*/) {}

    virtual void on_control(const ControlReply& /*reply*/) {}
};

class StreamParser {
public:
    StreamParser();
    ~StreamParser();
    StreamParser(const StreamParser&) = delete;
    StreamParser& operator=(const StreamParser&) = delete;
    StreamParser(StreamParser&&) noexcept;
    StreamParser& operator=(StreamParser&&) noexcept;

    // Parses one message and calls the sink for each item in it. A broken
    // or unexpected message is an error (the caller logs it and goes on);
    // items delivered before the error stand.
    Status parse(std::string_view message, StreamSink& sink);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace osprey::bybit
