#include "exchanges/binance/user_stream.hpp"

#include <simdjson.h>

#include "exchanges/binance/signing.hpp"

namespace osprey::binance {

namespace {

using simdjson::dom::element;

template <class T>
T decimal_or_zero(element object, std::string_view name) {
    std::string_view text;
    if (object[name].get(text) != simdjson::SUCCESS) {
        return T{};
    }
    auto value = T::parse(text);
    return value ? *value : T{};
}

std::string text_or_empty(element object, std::string_view name) {
    std::string_view text;
    return object[name].get(text) == simdjson::SUCCESS ? std::string(text) : std::string();
}

}  // namespace

Result<std::optional<ExecutionReport>> parse_user_event(std::string_view json) {
    simdjson::dom::parser parser;
    element document;
    if (parser.parse(json.data(), json.size()).get(document) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "binance user stream: malformed message");
    }
    std::int64_t status = 0;
    if (document["status"].get(status) == simdjson::SUCCESS && status != 200) {
        std::string_view message;
        if (document["error"]["msg"].get(message) != simdjson::SUCCESS) {
            message = "(no message)";
        }
        const ErrorCode code =
            status == 401 || status == 400 ? ErrorCode::Unauthenticated : ErrorCode::Unavailable;
        return fail(code, "binance user stream: HTTP " + std::to_string(status) + " "
                              + std::string(message));
    }
    element event;
    std::string_view type;
    if (document["event"].get(event) != simdjson::SUCCESS
        || event["e"].get(type) != simdjson::SUCCESS || type != "executionReport") {
        return std::optional<ExecutionReport>();
    }
    ExecutionReport report;
    std::string_view symbol;
    if (event["s"].get(symbol) != simdjson::SUCCESS || !Symbol::parse(symbol)) {
        return fail(ErrorCode::ParseError, "binance user stream: report without symbol");
    }
    report.symbol = *Symbol::parse(symbol);
    report.client_order_id = text_or_empty(event, "c");
    report.execution_type = text_or_empty(event, "x");
    report.status = text_or_empty(event, "X");
    report.side = text_or_empty(event, "S") == "SELL" ? Side::Sell : Side::Buy;
    report.last_quantity = decimal_or_zero<Quantity>(event, "l");
    report.last_price = decimal_or_zero<Price>(event, "L");
    report.cumulative_quantity = decimal_or_zero<Quantity>(event, "z");
    report.commission = decimal_or_zero<Decimal>(event, "n");
    report.commission_asset = text_or_empty(event, "N");
    std::int64_t time = 0;
    if (event["T"].get(time) != simdjson::SUCCESS) {
        time = 0;
    }
    report.time = Timestamp::from_millis(time);
    return std::optional<ExecutionReport>(std::move(report));
}

Result<UserStream> UserStream::open(std::string_view url, const Credentials& credentials,
                                    Timestamp server_now) {
    net::WebSocketClient socket;
    if (auto connected = socket.connect(url); !connected) {
        return fail(connected.error());
    }
    const std::string timestamp = std::to_string(server_now.millis());
    const std::string signature =
        sign_ws(credentials.secret, {{"apiKey", credentials.api_key}, {"timestamp", timestamp}});
    const std::string request =
        R"({"id":"subscribe","method":"userDataStream.subscribe.signature","params":{"apiKey":")"
        + credentials.api_key + R"(","timestamp":)" + timestamp + R"(,"signature":")" + signature
        + R"("}})";
    if (auto sent = socket.send(request); !sent) {
        return fail(sent.error());
    }
    auto answer = socket.read();
    if (!answer) {
        return fail(answer.error());
    }
    if (auto parsed = parse_user_event(*answer); !parsed) {
        return fail(parsed.error());
    }
    return UserStream(std::move(socket));
}

Result<ExecutionReport> UserStream::next() {
    for (;;) {
        auto message = socket_.read();
        if (!message) {
            return fail(message.error());
        }
        auto event = parse_user_event(*message);
        if (!event) {
            return fail(event.error());
        }
        if (*event) {
            return std::move(**event);
        }
    }
}

}  // namespace osprey::binance
