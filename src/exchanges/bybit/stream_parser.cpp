#include "exchanges/bybit/stream_parser.hpp"

#include <string>

#include "data/number_parser.hpp"
#include "exchanges/bybit/report_fields.hpp"

namespace osprey::bybit {

struct StreamParser::State {
    simdjson::ondemand::parser parser;
    // The message copied with simdjson's padding; its capacity is kept.
    std::string buffer;
};

StreamParser::StreamParser() : state_(std::make_unique<State>()) {}

StreamParser::~StreamParser() = default;
StreamParser::StreamParser(StreamParser&&) noexcept = default;
StreamParser& StreamParser::operator=(StreamParser&&) noexcept = default;

namespace {

Failure bad_message(std::string_view why) {
    return fail(ErrorCode::ParseError, "Bybit stream: " + std::string(why));
}

bool read_price(json::Object& object, std::string_view key, double& out) {
    std::string_view text;
    return object[key].get_string().get(text) == simdjson::SUCCESS && data::parse_double(text, out);
}

Status read_kline(json::Object& element, const Symbol& symbol, KlineUpdate& update) {
    update.symbol = symbol;
    std::int64_t start = 0;
    std::int64_t end = 0;
    if (element["start"].get_int64().get(start) != simdjson::SUCCESS
        || element["end"].get_int64().get(end) != simdjson::SUCCESS) {
        return bad_message("kline without start/end");
    }
    update.candle.open_time = Timestamp::from_millis(start);
    update.end = Timestamp::from_millis(end);
    if (element["interval"].get_string().get(update.interval) != simdjson::SUCCESS
        || !read_price(element, "open", update.candle.open)
        || !read_price(element, "close", update.candle.close)
        || !read_price(element, "high", update.candle.high)
        || !read_price(element, "low", update.candle.low)
        || !read_price(element, "volume", update.candle.volume)
        || element["confirm"].get_bool().get(update.closed) != simdjson::SUCCESS) {
        return bad_message("kline with a missing or bad field");
    }
    return {};
}

// "kline.5.BTCUSDT" -> BTCUSDT.
Result<Symbol> kline_symbol(std::string_view topic) {
    const auto dot = topic.rfind('.');
    if (dot == std::string_view::npos) {
        return bad_message("bad kline topic");
    }
    return Symbol::parse(topic.substr(dot + 1));
}

template <class Read, class Deliver>
Status for_each_element(simdjson::ondemand::array& items, Read read, Deliver deliver) {
    for (auto element : items) {
        json::Object object;
        if (element.get_object().get(object) != simdjson::SUCCESS) {
            return bad_message("data element is not an object");
        }
        auto report = read(object);
        if (!report) {
            return fail(report.error());
        }
        deliver(*report);
    }
    return {};
}

Status dispatch_topic(std::string_view topic, json::Object& root, StreamSink& sink) {
    simdjson::ondemand::array items;
    if (root["data"].get_array().get(items) != simdjson::SUCCESS) {
        return bad_message("topic message without a data array");
    }
    if (topic.starts_with("kline.")) {
        auto symbol = kline_symbol(topic);
        if (!symbol) {
            return bad_message("bad kline topic");
        }
        KlineUpdate update;
        for (auto element : items) {
            json::Object object;
            if (element.get_object().get(object) != simdjson::SUCCESS) {
                return bad_message("kline element is not an object");
            }
            auto status = read_kline(object, *symbol, update);
            if (!status) {
                return status;
            }
            sink.on_kline(update);
        }
        return {};
    }
    if (topic.starts_with("order")) {
        return for_each_element(items, read_order, [&](const OrderReport& r) { sink.on_order(r); });
    }
    if (topic.starts_with("execution")) {
        return for_each_element(items, read_execution,
                                [&](const ExecutionReport& r) { sink.on_execution(r); });
    }
    if (topic.starts_with("position")) {
        return for_each_element(items, read_position,
                                [&](const PositionReport& r) { sink.on_position(r); });
    }
    return {};  // wallet and other topics: not used
}

}  // namespace

Status StreamParser::parse(std::string_view message, StreamSink& sink) {
    auto& buffer = state_->buffer;
    buffer.reserve(message.size() + simdjson::SIMDJSON_PADDING);
    buffer.assign(message);
    simdjson::ondemand::document document;
    json::Object root;
    if (state_->parser.iterate(buffer.data(), buffer.size(), buffer.capacity()).get(document)
            != simdjson::SUCCESS
        || document.get_object().get(root) != simdjson::SUCCESS) {
        return bad_message("not a JSON object");
    }
    std::string_view topic;
    if (root["topic"].get_string().get(topic) == simdjson::SUCCESS) {
        return dispatch_topic(topic, root, sink);
    }
    ControlReply reply;
    if (root["op"].get_string().get(reply.op) != simdjson::SUCCESS) {
        return bad_message("neither a topic nor an op");
    }
    bool success = true;
    if (root["success"].get_bool().get(success) == simdjson::SUCCESS) {
        reply.success = success;
    }
    reply.message = json::text_or(root, "ret_msg", "");
    sink.on_control(reply);
    return {};
}

}  // namespace osprey::bybit
