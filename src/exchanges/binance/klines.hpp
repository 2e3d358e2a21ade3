#pragma once
// Klines (candles) from Binance: REST rows and the kline stream event.
//
// KlineParser parses a stream message in place with simdjson on-demand: no
// allocation per message once warm. The message must be followed by
// net::message_padding readable bytes (as WebSocketClient::read gives).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"

namespace osprey::binance {

struct Kline {
    Symbol symbol;
    Candle candle;
    Timestamp close_time;
    bool closed = false;
};

// A REST /api/v3/klines answer: rows oldest first. Whether a row is closed
// is decided by the caller (the newest row can still be forming).
Result<std::vector<Kline>> parse_kline_rows(std::string_view json, Symbol symbol);

// What a market stream message was.
enum class StreamMessageKind : std::uint8_t { Kline, Control, ServerShutdown, Other };

struct StreamMessage {
    StreamMessageKind kind = StreamMessageKind::Other;
    Kline kline;  // when kind == Kline
};

class KlineParser {
public:
    KlineParser();
    KlineParser(const KlineParser&) = delete;
    KlineParser& operator=(const KlineParser&) = delete;
    KlineParser(KlineParser&&) noexcept;
    KlineParser& operator=(KlineParser&&) noexcept;
    ~KlineParser();

    // A raw (/ws) or combined (/stream: {"stream":..,"data":{..}}) message.
    Result<StreamMessage> parse(std::string_view padded_message);

private:
    struct Parser;
    std::unique_ptr<Parser> parser_;
};

// "BTCUSDT" + "1m" -> "btcusdt@kline_1m".
std::string kline_stream_name(Symbol symbol, std::string_view interval);

}  // namespace osprey::binance
