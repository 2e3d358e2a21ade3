#include "exchanges/binance/klines.hpp"

#include <cctype>
#include <charconv>
#include <simdjson.h>

#include "net/websocket_client.hpp"

namespace osprey::binance {

namespace ondemand = simdjson::ondemand;

namespace {

bool to_double(std::string_view text, double& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
}

Result<Kline> read_row(simdjson::dom::array row, Symbol symbol) {
    Kline kline;
    kline.symbol = symbol;
    std::int64_t open_time = 0;
    std::int64_t close_time = 0;
    std::string_view open;
    std::string_view high;
    std::string_view low;
    std::string_view close;
    std::string_view volume;
    if (row.at(0).get(open_time) || row.at(1).get(open) || row.at(2).get(high) || row.at(3).get(low)
        || row.at(4).get(close) || row.at(5).get(volume) || row.at(6).get(close_time)) {
        return fail(ErrorCode::ParseError, "klines: row is not [t,o,h,l,c,v,T,...]");
    }
    Candle& candle = kline.candle;
    if (!to_double(open, candle.open) || !to_double(high, candle.high)
        || !to_double(low, candle.low) || !to_double(close, candle.close)
        || !to_double(volume, candle.volume)) {
        return fail(ErrorCode::ParseError, "klines: a price or volume is not a number");
    }
    candle.open_time = Timestamp::from_millis(open_time);
    kline.close_time = Timestamp::from_millis(close_time);
    return kline;
}

simdjson::error_code read_number_text(ondemand::value value, double& target) {
    std::string_view text;
    if (auto error = value.get_string().get(text)) {
        return error;
    }
    return to_double(text, target) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
}

// One field of a kline object; unknown fields are skipped.
simdjson::error_code read_kline_field(std::string_view key, ondemand::value value, Kline& kline) {
    if (key.size() != 1) {
        return simdjson::SUCCESS;
    }
    Candle& candle = kline.candle;
    std::int64_t millis = 0;
    simdjson::error_code error = simdjson::SUCCESS;
    switch (key[0]) {
        case 't':
            error = value.get_int64().get(millis);
            candle.open_time = Timestamp::from_millis(millis);
            return error;
        case 'T':
            error = value.get_int64().get(millis);
            kline.close_time = Timestamp::from_millis(millis);
            return error;
        case 'x': return value.get_bool().get(kline.closed);
        case 'o': return read_number_text(value, candle.open);
        case 'c': return read_number_text(value, candle.close);
        case 'h': return read_number_text(value, candle.high);
        case 'l': return read_number_text(value, candle.low);
        case 'v': return read_number_text(value, candle.volume);
        default: return simdjson::SUCCESS;
    }
}

// Hands each field of an object to read(key, value), stopping at an error.
template <class Read>
simdjson::error_code for_each_field(ondemand::object object, Read read) {
    for (auto entry : object) {
        ondemand::field field;
        std::string_view key;
        if (auto error = std::move(entry).get(field)) {
            return error;
        }
        if (auto error = field.unescaped_key().get(key)) {
            return error;
        }
        if (auto error = read(key, field.value())) {
            return error;
        }
    }
    return simdjson::SUCCESS;
}

simdjson::error_code read_kline(ondemand::object object, Kline& kline) {
    return for_each_field(object, [&](std::string_view key, ondemand::value value) {
        return read_kline_field(key, value, kline);
    });
}

simdjson::error_code read_event(ondemand::object object, StreamMessage& message);

// One field of an event object: {"e":"kline","E":..,"s":"BNBBTC","k":{..}},
// a control answer {"result":null,"id":1}, or the combined wrapper's "data".
simdjson::error_code read_event_field(std::string_view key, ondemand::value value,
                                      StreamMessage& message) {
    if (key == "e") {
        std::string_view type;
        auto error = value.get_string().get(type);
        if (type == "serverShutdown") {
            message.kind = StreamMessageKind::ServerShutdown;
        }
        return error;
    }
    if (key == "s") {
        std::string_view name;
        if (auto error = value.get_string().get(name)) {
            return error;
        }
        auto symbol = Symbol::parse(name);
        if (!symbol) {
            return simdjson::STRING_ERROR;
        }
        message.kline.symbol = *symbol;
        return simdjson::SUCCESS;
    }
    ondemand::object inner;
    if (key == "k") {
        if (auto error = value.get_object().get(inner)) {
            return error;
        }
        message.kind = StreamMessageKind::Kline;
        return read_kline(inner, message.kline);
    }
    if (key == "data") {
        if (auto error = value.get_object().get(inner)) {
            return error;
        }
        return read_event(inner, message);
    }
    if (key == "result" || key == "id") {
        message.kind = StreamMessageKind::Control;
    }
    return simdjson::SUCCESS;
}

simdjson::error_code read_event(ondemand::object object, StreamMessage& message) {
    return for_each_field(object, [&](std::string_view key, ondemand::value value) {
        return read_event_field(key, value, message);
    });
}

}  // namespace

Result<std::vector<Kline>> parse_kline_rows(std::string_view json, Symbol symbol) {
    simdjson::dom::parser parser;
    simdjson::dom::array rows;
    if (parser.parse(json.data(), json.size()).get(rows) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "klines: answer is not a JSON array");
    }
    std::vector<Kline> klines;
    klines.reserve(rows.size());
    for (simdjson::dom::element element : rows) {
        simdjson::dom::array row;
        if (element.get(row) != simdjson::SUCCESS) {
            return fail(ErrorCode::ParseError, "klines: row is not an array");
        }
        auto kline = read_row(row, symbol);
        if (!kline) {
            return fail(kline.error());
        }
        klines.push_back(*kline);
    }
    return klines;
}

struct KlineParser::Parser {
    ondemand::parser parser;
};

KlineParser::KlineParser() : parser_(std::make_unique<Parser>()) {}

KlineParser::KlineParser(KlineParser&&) noexcept = default;
KlineParser& KlineParser::operator=(KlineParser&&) noexcept = default;
KlineParser::~KlineParser() = default;

Result<StreamMessage> KlineParser::parse(std::string_view padded_message) {
    const simdjson::padded_string_view view(padded_message.data(), padded_message.size(),
                                            padded_message.size() + net::message_padding);
    StreamMessage message;
    ondemand::document document;
    ondemand::object root;
    simdjson::error_code error = parser_->parser.iterate(view).get(document);
    if (!error) {
        error = document.get_object().get(root);
    }
    if (!error) {
        error = read_event(root, message);
    }
    if (error) {
        // The text is left out: it may be megabytes of garbage.
        return fail(ErrorCode::ParseError, "market stream: malformed message ("
                                               + std::string(simdjson::error_message(error)) + ", "
                                               + std::to_string(padded_message.size()) + " bytes)");
    }
    return message;
}

std::string kline_stream_name(Symbol symbol, std::string_view interval) {
    std::string name;
    name.reserve(symbol.view().size() + 8 + interval.size());
    for (const char c : symbol.view()) {
        name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    name.append("@kline_").append(interval);
    return name;
}

}  // namespace osprey::binance
