#include "exchanges/bybit/rest_client.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#include "exchanges/bybit/envelope.hpp"
#include "exchanges/bybit/report_fields.hpp"
#include "net/backoff.hpp"
#include "net/http_client.hpp"
#include "net/rate_limiter.hpp"

namespace osprey::bybit {

namespace {

// Bybit's IP limit (protocols/bybit-v5.md §5): 600 requests per 5 s.
constexpr net::RateLimit ip_limit{600, std::chrono::seconds(5), 0.8};

std::optional<std::int64_t> header_number(const net::HttpResponse& response,
                                          std::string_view name) {
    const auto text = response.header(name);
    std::int64_t value = 0;
    if (!text
        || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
        return std::nullopt;
    }
    return value;
}

// Replaces every occurrence of `secret` (a key or a secret) in `text`.
void redact(std::string& text, std::string_view secret) {
    if (secret.empty()) {
        return;
    }
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
        text.replace(at, secret.size(), "<redacted>");
    }
}

}  // namespace

OrderState to_state(const OrderReport& report) {
    return OrderState{std::string(report.order_id),
                      std::string(report.order_link_id),
                      report.symbol,
                      report.side,
                      report.status,
                      report.price,
                      report.quantity,
                      report.filled_quantity,
                      report.filled_value,
                      report.fee,
                      report.average_price,
                      std::string(report.reject_reason)};
}

struct RestClient::Connection {
    RestOptions options;
    Credentials credentials;
    const engine::Clock* clock;
    net::HttpClient http;
    net::RateLimiter limiter{ip_limit};
    net::Backoff backoff{{std::chrono::milliseconds(200), std::chrono::seconds(5)}, 0x5eed};
    Duration offset{};

    Connection(RestOptions options_in, Credentials credentials_in, const engine::Clock& clock_in,
               net::HttpClient http_in)
        : options(std::move(options_in)),
          credentials(std::move(credentials_in)),
          clock(&clock_in),
          http(std::move(http_in)) {}

    net::HttpRequest request(net::HttpMethod method, std::string_view path,
                             std::string_view payload, bool sign) const {
        net::HttpRequest out;
        out.method = method;
        out.target = std::string(path);
        if (method == net::HttpMethod::Get) {
            if (!payload.empty()) {
                out.target.append("?").append(payload);
            }
        } else {
            out.body = std::string(payload);
            out.content_type = "application/json";
        }
        if (sign) {
            const std::int64_t stamp = (clock->now() + offset).millis();
            const std::int64_t window = options.recv_window_ms;
            out.headers = {{"X-BAPI-API-KEY", credentials.api_key},
                           {"X-BAPI-TIMESTAMP", std::to_string(stamp)},
                           {"X-BAPI-RECV-WINDOW", std::to_string(window)},
                           {"X-BAPI-SIGN", sign_request(credentials, stamp, window, payload)},
                           {"X-BAPI-SIGN-TYPE", "2"}};
        }
        return out;
    }

    Error redacted(const ReplyStatus& status, std::string_view what) const {
        ReplyStatus copy = status;
        redact(copy.message, credentials.secret);
        redact(copy.message, credentials.api_key);
        return reply_error(copy, what);
    }

    void wait_for_budget() const {
        const Duration wait = limiter.wait_before(1, clock->now());
        if (wait > Duration::zero()) {
            std::this_thread::sleep_for(wait);
        }
    }

    // Tells the limiter what the venue said; false: "too many requests",
    // already waited for, send again.
    bool note_answer(const net::HttpResponse& response) {
        net::RateAnswer answer;
        answer.status = response.status == 403 ? 418 : response.status;
        const auto retry_after = header_number(response, "Retry-After");
        if (retry_after) {
            answer.retry_after = std::chrono::seconds(*retry_after);
        } else if (answer.status == 429) {
            // No instruction: our own backoff, not a whole window.
            answer.status = 200;
        }
        limiter.on_answer(answer, clock->now());
        if (response.status != 429) {
            return true;
        }
        if (!retry_after) {
            std::this_thread::sleep_for(backoff.next());
        }
        return false;
    }

    // retCode 10006: wait until X-Bapi-Limit-Reset-Timestamp (venue time),
    // or back off when the venue does not say.
    void wait_for_reset(const net::HttpResponse& response) {
        const auto reset = header_number(response, "X-Bapi-Limit-Reset-Timestamp");
        const Timestamp venue_now = clock->now() + offset;
        if (reset && Timestamp::from_millis(*reset) > venue_now) {
            const Duration wait =
                Timestamp::from_millis(*reset) - venue_now + std::chrono::milliseconds(50);
            std::this_thread::sleep_for(std::min(wait, Duration(std::chrono::minutes(1))));
            return;
        }
        std::this_thread::sleep_for(backoff.next());
    }

    // Sends until the venue answers something other than "later" or "your
    // clock is off", and returns the body of a retCode 0 reply.
    Result<std::string> send(net::HttpMethod method, std::string_view path,
                             std::string_view payload, bool sign, std::string_view what);

    Status sync_time();
};

Result<std::string> RestClient::Connection::send(net::HttpMethod method, std::string_view path,
                                                 std::string_view payload, bool sign,
                                                 std::string_view what) {
    const std::string name = "Bybit " + std::string(what);
    bool resynced = false;
    for (int attempt = 0; attempt <= options.rate_limit_retries; ++attempt) {
        if (limiter.banned()) {
            return fail(ErrorCode::RateLimited,
                        name + ": requests stopped after the venue's IP ban (HTTP 403)");
        }
        wait_for_budget();
        limiter.on_sent(1, clock->now());
        auto response = http.send(request(method, path, payload, sign));
        if (!response) {
            return fail(response.error().code, name + ": " + response.error().message);
        }
        if (!note_answer(*response)) {
            continue;
        }
        auto status = read_status(response->body);
        if (!status) {
            return fail(ErrorCode::Unavailable, name + ": HTTP " + std::to_string(response->status)
                                                    + " without a v5 reply");
        }
        if (status->code == ret_code::timestamp_outside_window && sign && !resynced) {
            resynced = true;
            if (auto synced = sync_time(); !synced) {
                return fail(synced.error());
            }
            continue;
        }
        if (status->code == ret_code::rate_limited || status->code == 429) {
            wait_for_reset(*response);
            continue;
        }
        if (status->code != ret_code::ok) {
            return fail(redacted(*status, what));
        }
        backoff.reset();
        return std::move(response->body);
    }
    return fail(ErrorCode::RateLimited, name + ": still rate limited after "
                                            + std::to_string(options.rate_limit_retries)
                                            + " retries");
}

Status RestClient::Connection::sync_time() {
    const Timestamp before = clock->now();
    auto body = send(net::HttpMethod::Get, "/v5/market/time", "", false, "server time");
    const Timestamp after = clock->now();
    if (!body) {
        return fail(body.error());
    }
    std::int64_t nanos = 0;
    auto status = read_result(*body, "server time", [&](json::Object& result) -> Status {
        auto value = json::integer(result, "timeNano");
        if (!value) {
            return fail(value.error());
        }
        nanos = *value;
        return {};
    });
    if (!status) {
        return status;
    }
    const Timestamp middle = before + (after - before) / 2;
    offset = Timestamp::from_nanos(nanos) - middle;
    return {};
}

RestClient::RestClient(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

RestClient::RestClient(RestClient&&) noexcept = default;
RestClient& RestClient::operator=(RestClient&&) noexcept = default;
RestClient::~RestClient() = default;

Result<RestClient> RestClient::create(RestOptions options, Credentials credentials,
                                      const engine::Clock& clock) {
    net::HttpClientOptions http_options;
    http_options.request_timeout = options.request_timeout;
    auto http = net::HttpClient::create(options.base_url, http_options);
    if (!http) {
        return fail(http.error());
    }
    return RestClient(std::make_unique<Connection>(std::move(options), std::move(credentials),
                                                   clock, std::move(*http)));
}

Result<Timestamp> RestClient::server_time() {
    const Duration before = connection_->offset;
    auto status = connection_->sync_time();
    if (!status) {
        return fail(status.error());
    }
    const Timestamp now = connection_->clock->now() + connection_->offset;
    connection_->offset = before;
    return now;
}

Status RestClient::sync_time() {
    return connection_->sync_time();
}

Duration RestClient::time_offset() const {
    return connection_->offset;
}

Result<std::vector<InstrumentRules>> RestClient::instruments(Category category) {
    std::vector<InstrumentRules> all;
    std::string cursor;
    do {
        std::string query = "category=" + std::string(to_string(category));
        if (category == Category::Linear) {
            query.append("&limit=1000");
        }
        if (!cursor.empty()) {
            query.append("&cursor=").append(cursor);
        }
        auto body = connection_->send(net::HttpMethod::Get, "/v5/market/instruments-info", query,
                                      false, "instruments");
        if (!body) {
            return fail(body.error());
        }
        auto page = parse_instruments(*body);
        if (!page) {
            return fail(page.error());
        }
        all.insert(all.end(), page->begin(), page->end());
        cursor = next_page_cursor(*body);
    } while (!cursor.empty());
    return all;
}

Result<std::vector<Kline>> RestClient::klines(Category category, const Symbol& symbol,
                                              Timeframe timeframe, KlineWindow window) {
    auto interval = kline_interval(timeframe);
    if (!interval) {
        return fail(interval.error());
    }
    const auto query = kline_query(category, symbol, *interval, window, max_klines_per_page);
    auto body = connection_->send(net::HttpMethod::Get, "/v5/market/kline", query, false, "klines");
    if (!body) {
        return fail(body.error());
    }
    return parse_klines(*body);
}

Result<std::string> RestClient::create_order(const OrderTicket& ticket) {
    auto body = connection_->send(net::HttpMethod::Post, "/v5/order/create",
                                  create_order_body(ticket), true, "create order");
    if (!body) {
        return fail(body.error());
    }
    std::string order_id;
    auto status = read_result(*body, "create order", [&](json::Object& result) -> Status {
        order_id = std::string(json::text_or(result, "orderId", ""));
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    return order_id;
}

namespace {

Result<std::vector<OrderState>> read_orders(std::string_view body, std::string_view what) {
    std::vector<OrderState> orders;
    auto status = read_result_list(body, what, [&](json::Object& row) -> Status {
        auto order = read_order(row);
        if (!order) {
            return fail(order.error());
        }
        orders.push_back(to_state(*order));
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    return orders;
}

}  // namespace

Result<std::optional<OrderState>> RestClient::find_order(Category category, const Symbol& symbol,
                                                         std::string_view link_id) {
    for (const std::string_view path : {"/v5/order/realtime", "/v5/order/history"}) {
        auto body = connection_->send(net::HttpMethod::Get, path,
                                      order_query(category, symbol, link_id), true, "order lookup");
        if (!body) {
            return fail(body.error());
        }
        auto orders = read_orders(*body, "order lookup");
        if (!orders) {
            return fail(orders.error());
        }
        for (auto& order : *orders) {
            if (order.link_id == link_id) {
                return std::optional<OrderState>(std::move(order));
            }
        }
    }
    return std::optional<OrderState>();
}

Result<std::vector<OrderState>> RestClient::open_orders(Category category, const Symbol& symbol) {
    auto body = connection_->send(net::HttpMethod::Get, "/v5/order/realtime",
                                  order_query(category, symbol, ""), true, "open orders");
    if (!body) {
        return fail(body.error());
    }
    return read_orders(*body, "open orders");
}

Status RestClient::cancel_order(Category category, const Symbol& symbol, std::string_view link_id) {
    auto body =
        connection_->send(net::HttpMethod::Post, "/v5/order/cancel",
                          cancel_order_body(category, symbol, link_id), true, "cancel order");
    if (!body) {
        return fail(body.error());
    }
    return {};
}

Result<std::vector<CoinBalance>> RestClient::balances(std::string_view coins) {
    auto body = connection_->send(net::HttpMethod::Get, "/v5/account/wallet-balance",
                                  wallet_query(coins), true, "wallet balance");
    if (!body) {
        return fail(body.error());
    }
    std::vector<CoinBalance> out;
    auto status = read_result_list(*body, "wallet balance", [&](json::Object& account) -> Status {
        simdjson::ondemand::array coin_rows;
        if (account["coin"].get_array().get(coin_rows) != simdjson::SUCCESS) {
            return json::missing("coin");
        }
        for (auto element : coin_rows) {
            json::Object row;
            if (element.get_object().get(row) != simdjson::SUCCESS) {
                return json::missing("coin");
            }
            CoinBalance balance;
            balance.coin = std::string(json::text_or(row, "coin", ""));
            auto wallet = json::decimal(row, "walletBalance");
            auto locked = json::decimal(row, "locked");
            auto equity = json::decimal(row, "equity");
            if (!wallet || !locked || !equity) {
                return json::missing("walletBalance");
            }
            balance.wallet_balance = *wallet;
            balance.locked = *locked;
            balance.equity = *equity;
            out.push_back(std::move(balance));
        }
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    return out;
}

Result<PositionReport> RestClient::position(const Symbol& symbol) {
    auto body = connection_->send(net::HttpMethod::Get, "/v5/position/list", position_query(symbol),
                                  true, "position");
    if (!body) {
        return fail(body.error());
    }
    std::optional<PositionReport> found;
    auto status = read_result_list(*body, "position", [&](json::Object& row) -> Status {
        auto position = read_position(row);
        if (!position) {
            return fail(position.error());
        }
        if (!found && position->symbol == symbol) {
            found = *position;
        }
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    if (!found) {
        PositionReport flat;
        flat.symbol = symbol;
        return flat;
    }
    return *found;
}

Status RestClient::set_trading_stop(const TradingStop& stop) {
    auto body = connection_->send(net::HttpMethod::Post, "/v5/position/trading-stop",
                                  trading_stop_body(stop), true, "trading stop");
    if (!body) {
        return fail(body.error());
    }
    return {};
}

}  // namespace osprey::bybit
