#include "exchanges/binance/rest_client.hpp"

#include <charconv>
#include <simdjson.h>
#include <thread>

#include "exchanges/binance/signing.hpp"

namespace osprey::binance {

namespace {

using simdjson::dom::element;

constexpr int max_attempts = 8;

std::optional<std::int64_t> header_number(const net::HttpResponse& response,
                                          std::string_view name) {
    const auto text = response.header(name);
    std::int64_t value = 0;
    if (!text
        || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc{}) {
        return std::nullopt;
    }
    return value;
}

ErrorCode code_for(std::int64_t code, std::string_view message) {
    switch (code) {
        case -1003:
        case -1015: return ErrorCode::RateLimited;
        case -1007: return ErrorCode::Timeout;
        case -1021: return ErrorCode::Unavailable;
        case -1022:
        case -2014:
        case -2015: return ErrorCode::Unauthenticated;
        case -2013: return ErrorCode::NotFound;
        case -2010:
            return message.find("insufficient") != std::string_view::npos
                       ? ErrorCode::InsufficientFunds
                       : ErrorCode::Rejected;
        case -2011: return ErrorCode::Rejected;
        default: return ErrorCode::InvalidArgument;
    }
}

template <class T>
T decimal_or_zero(element object, std::string_view name) {
    std::string_view text;
    if (object[name].get(text) != simdjson::SUCCESS) {
        return T{};
    }
    auto value = T::parse(text);
    return value ? *value : T{};
}

Result<OrderReport> read_order(element object) {
    OrderReport report;
    std::string_view symbol;
    std::string_view client_id;
    std::string_view status;
    std::string_view side;
    if (object["symbol"].get(symbol) || object["orderId"].get(report.order_id)
        || object["status"].get(status) || object["side"].get(side)) {
        return fail(ErrorCode::ParseError, "binance: order answer without symbol/orderId/status");
    }
    // A cancel answers with its own clientOrderId and the order's as origClientOrderId.
    if (object["origClientOrderId"].get(client_id) != simdjson::SUCCESS) {
        if (object["clientOrderId"].get(client_id) != simdjson::SUCCESS) {
            client_id = {};
        }
    }
    auto parsed = Symbol::parse(symbol);
    if (!parsed) {
        return fail(parsed.error());
    }
    report.symbol = *parsed;
    report.client_order_id = std::string(client_id);
    report.status = std::string(status);
    report.side = side == "SELL" ? Side::Sell : Side::Buy;
    report.quantity = decimal_or_zero<Quantity>(object, "origQty");
    report.executed_quantity = decimal_or_zero<Quantity>(object, "executedQty");
    report.executed_quote = decimal_or_zero<Decimal>(object, "cummulativeQuoteQty");
    report.price = decimal_or_zero<Price>(object, "price");
    std::int64_t time = 0;
    if (object["transactTime"].get(time) && object["updateTime"].get(time)) {
        time = 0;
    }
    report.time = Timestamp::from_millis(time);
    simdjson::dom::array fills;
    if (object["fills"].get(fills) == simdjson::SUCCESS) {
        for (element fill : fills) {
            report.commission = report.commission + decimal_or_zero<Decimal>(fill, "commission");
            std::string_view asset;
            if (fill["commissionAsset"].get(asset) == simdjson::SUCCESS) {
                report.commission_asset = std::string(asset);
            }
        }
    }
    return report;
}

Result<element> parse_json(simdjson::dom::parser& parser, const std::string& body,
                           std::string_view what) {
    element document;
    if (parser.parse(body).get(document) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError,
                    "binance: " + std::string(what) + ": answer is not JSON");
    }
    return document;
}

// The order report an order endpoint answers with ("what" names it in errors).
Result<OrderReport> order_report(const Result<std::string>& body, std::string_view what) {
    if (!body) {
        return fail(body.error());
    }
    simdjson::dom::parser parser;
    auto document = parse_json(parser, *body, what);
    if (!document) {
        return fail(document.error());
    }
    return read_order(*document);
}

std::string_view side_text(Side side) {
    return side == Side::Buy ? "BUY" : "SELL";
}

}  // namespace

Error venue_error(int status, std::string_view body, std::string_view what) {
    simdjson::dom::parser parser;
    element document;
    std::int64_t code = 0;
    std::string_view message;
    if (parser.parse(body.data(), body.size()).get(document) == simdjson::SUCCESS
        && document["code"].get(code) == simdjson::SUCCESS) {
        if (document["msg"].get(message) != simdjson::SUCCESS) {
            message = "(no message)";
        }
        ErrorCode kind = code_for(code, message);
        if (status >= 500 && kind == ErrorCode::InvalidArgument) {
            kind = ErrorCode::Unavailable;  // -1008 busy and the like: outcome unknown
        }
        return Error{kind, "binance: " + std::string(what) + ": " + std::to_string(code) + " "
                               + std::string(message)};
    }
    const ErrorCode kind = status >= 500 ? ErrorCode::Unavailable : ErrorCode::Rejected;
    return Error{kind, "binance: " + std::string(what) + ": HTTP " + std::to_string(status)};
}

RestClient::RestClient(RestConfig config, const engine::Clock& clock, net::HttpClient http)
    : config_(std::move(config)),
      clock_(&clock),
      http_(std::move(http)),
      limiter_(config_.weight_limit) {
    if (!config_.wait) {
        config_.wait = [](Duration pause) { std::this_thread::sleep_for(pause); };
    }
}

Result<RestClient> RestClient::create(RestConfig config, const engine::Clock& clock) {
    auto http = net::HttpClient::create(config.base_url, config.http);
    if (!http) {
        return fail(http.error());
    }
    return RestClient(std::move(config), clock, std::move(*http));
}

Status RestClient::wait_for_weight(std::int64_t weight) {
    for (;;) {
        const Duration pause = limiter_.wait_before(weight, server_now());
        if (pause == Duration::max()) {
            return fail(ErrorCode::RateLimited,
                        "binance: IP banned (HTTP 418); stopped sending until restarted");
        }
        if (pause <= Duration::zero()) {
            limiter_.on_sent(weight, server_now());
            return {};
        }
        config_.wait(pause);
    }
}

Result<net::HttpResponse> RestClient::send_once(const Call& call) {
    net::HttpRequest request;
    request.method = call.method;
    std::string query = call.query.encoded();
    if (call.security == Security::Signed) {
        net::QueryString stamp;
        stamp.add(
            "recvWindow",
            std::chrono::duration_cast<std::chrono::milliseconds>(config_.recv_window).count());
        stamp.add("timestamp", server_now().millis());
        if (!query.empty()) {
            query.push_back('&');
        }
        query.append(stamp.encoded());
        const std::string signature = sign_rest(config_.credentials.secret, query, "");
        query.append("&signature=").append(signature);
        request.headers.emplace_back("X-MBX-APIKEY", config_.credentials.api_key);
    }
    request.target = std::string(call.path);
    if (!query.empty()) {
        request.target.append("?").append(query);
    }
    return http_.send(request);
}

Result<std::string> RestClient::call(const Call& call) {
    bool resynced = false;
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
        if (auto allowed = wait_for_weight(call.weight); !allowed) {
            return fail(allowed.error());
        }
        auto response = send_once(call);
        if (!response) {
            return fail(response.error());
        }
        net::RateAnswer answer{response->status, header_number(*response, "X-MBX-USED-WEIGHT-1M"),
                               std::nullopt};
        if (auto seconds = header_number(*response, "Retry-After")) {
            answer.retry_after = std::chrono::seconds(*seconds);
        }
        limiter_.on_answer(answer, server_now());
        if (response->status == 429) {
            continue;  // wait_for_weight() now holds until Retry-After
        }
        if (response->status == 418) {
            return fail(ErrorCode::RateLimited,
                        "binance: IP banned (HTTP 418) after rate-limit answers; stopped sending");
        }
        if (response->status >= 200 && response->status < 300) {
            return std::move(response->body);
        }
        Error error = venue_error(response->status, response->body, call.path);
        if (error.message.find(": -1021 ") != std::string::npos && !resynced) {
            resynced = true;
            if (auto synced = sync_time(); !synced) {
                return fail(synced.error());
            }
            continue;
        }
        return fail(std::move(error));
    }
    return fail(ErrorCode::RateLimited, "binance: " + std::string(call.path)
                                            + ": still rate limited after "
                                            + std::to_string(max_attempts) + " attempts");
}

Status RestClient::sync_time() {
    const Timestamp sent = clock_->now();
    auto response = http_.send({net::HttpMethod::Get, "/api/v3/time", "", "", {}});
    const Timestamp received = clock_->now();
    if (!response) {
        return fail(response.error());
    }
    simdjson::dom::parser parser;
    element document;
    std::int64_t server_time = 0;
    if (response->status != 200 || parser.parse(response->body).get(document)
        || document["serverTime"].get(server_time)) {
        return fail(venue_error(response->status, response->body, "/api/v3/time"));
    }
    // The server read its clock about half way through the round trip.
    const Timestamp local = sent + (received - sent) / 2;
    offset_ = Timestamp::from_millis(server_time) - local;
    return {};
}

Result<std::vector<SymbolRules>> RestClient::exchange_info(const std::vector<Symbol>& symbols) {
    Call request{net::HttpMethod::Get, "/api/v3/exchangeInfo", {}, Security::None, 20};
    if (!symbols.empty()) {
        std::string list = "[";
        for (const Symbol& symbol : symbols) {
            list.append(list.size() > 1 ? ",\"" : "\"").append(symbol.view()).append("\"");
        }
        list.push_back(']');
        request.query.add("symbols", list);
    }
    auto body = call(request);
    if (!body) {
        return fail(body.error());
    }
    return parse_exchange_info(*body);
}

Result<std::vector<Kline>> RestClient::klines(const KlineQuery& query) {
    std::vector<Kline> all;
    Timestamp from = query.from;
    while (from <= query.to) {
        Call request{net::HttpMethod::Get, "/api/v3/klines", {}, Security::None, 2};
        request.query.add("symbol", query.symbol.view())
            .add("interval", query.interval)
            .add("startTime", from.millis())
            .add("endTime", query.to.millis())
            .add("limit", query.page_size);
        auto body = call(request);
        if (!body) {
            return fail(body.error());
        }
        auto page = parse_kline_rows(*body, query.symbol);
        if (!page) {
            return fail(page.error());
        }
        for (const Kline& kline : *page) {
            if (kline.candle.open_time >= from && kline.candle.open_time <= query.to) {
                all.push_back(kline);
            }
        }
        if (page->empty() || std::ssize(*page) < query.page_size) {
            break;
        }
        from = page->back().candle.open_time + std::chrono::milliseconds(1);
    }
    return all;
}

Result<OrderReport> RestClient::place_order(const OrderTicket& ticket) {
    Call request{net::HttpMethod::Post, "/api/v3/order", {}, Security::Signed, 1};
    request.query.add("symbol", ticket.symbol.view())
        .add("side", side_text(ticket.side))
        .add("type", ticket.type == OrderType::Market ? "MARKET" : "LIMIT")
        .add("newClientOrderId", ticket.client_order_id)
        .add("newOrderRespType", "FULL");  // with the fills' commission
    if (ticket.type == OrderType::Limit) {
        request.query.add("timeInForce", "GTC")
            .add("quantity", ticket.quantity.to_string())
            .add("price", ticket.price.to_string());
    } else if (!ticket.quantity.is_zero()) {
        request.query.add("quantity", ticket.quantity.to_string());
    } else {
        request.query.add("quoteOrderQty", ticket.quote_quantity.normalized().to_string());
    }
    return order_report(call(request), "order");
}

Result<OrderReport> RestClient::query_order(Symbol symbol, std::string_view client_order_id) {
    Call request{net::HttpMethod::Get, "/api/v3/order", {}, Security::Signed, 4};
    request.query.add("symbol", symbol.view()).add("origClientOrderId", client_order_id);
    return order_report(call(request), "order");
}

Result<OrderReport> RestClient::cancel_order(Symbol symbol, std::string_view client_order_id) {
    Call request{net::HttpMethod::Delete, "/api/v3/order", {}, Security::Signed, 1};
    request.query.add("symbol", symbol.view()).add("origClientOrderId", client_order_id);
    return order_report(call(request), "cancel");
}

Result<std::vector<OrderReport>> RestClient::open_orders(Symbol symbol) {
    Call request{net::HttpMethod::Get, "/api/v3/openOrders", {}, Security::Signed, 6};
    request.query.add("symbol", symbol.view());
    auto body = call(request);
    if (!body) {
        return fail(body.error());
    }
    simdjson::dom::parser parser;
    simdjson::dom::array orders;
    if (parser.parse(*body).get(orders)) {
        return fail(ErrorCode::ParseError, "binance: openOrders: answer is not an array");
    }
    std::vector<OrderReport> reports;
    reports.reserve(orders.size());
    for (element order : orders) {
        auto report = read_order(order);
        if (!report) {
            return fail(report.error());
        }
        reports.push_back(std::move(*report));
    }
    return reports;
}

Result<std::vector<Balance>> RestClient::balances() {
    Call request{net::HttpMethod::Get, "/api/v3/account", {}, Security::Signed, 20};
    request.query.add("omitZeroBalances", "true");
    auto body = call(request);
    if (!body) {
        return fail(body.error());
    }
    simdjson::dom::parser parser;
    simdjson::dom::array entries;
    auto document = parse_json(parser, *body, "account");
    if (!document) {
        return fail(document.error());
    }
    if ((*document)["balances"].get(entries)) {
        return fail(ErrorCode::ParseError, "binance: account: no balances");
    }
    std::vector<Balance> all;
    all.reserve(entries.size());
    for (element entry : entries) {
        std::string_view asset;
        if (entry["asset"].get(asset)) {
            return fail(ErrorCode::ParseError, "binance: account: balance without asset");
        }
        all.push_back({std::string(asset), decimal_or_zero<Decimal>(entry, "free"),
                       decimal_or_zero<Decimal>(entry, "locked")});
    }
    return all;
}

}  // namespace osprey::binance
