#pragma once
// Binance Spot REST (protocols/binance-spot.md §3): server-time sync and the
// recvWindow, exchangeInfo, klines with pagination, orders by client order
// id, open orders and balances. Blocking; one client per thread.
//
// Every request goes through the weight limiter first (X-MBX-USED-WEIGHT-1M
// keeps it honest). A 429 waits Retry-After and tries again; a 418 stops all
// sending and reports the ban (ErrorCode::RateLimited) so the caller alerts.
// A -1021 (timestamp outside the window) resyncs the clock offset from
// /api/v3/time and re-signs once.
//
// Errors carry Binance's code and message, never the key or the secret.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"
#include "engine/ports/clock.hpp"
#include "exchanges/binance/filters.hpp"
#include "exchanges/binance/klines.hpp"
#include "net/http_client.hpp"
#include "net/rate_limiter.hpp"
#include "net/url.hpp"

namespace osprey::binance {

// The defaults are the real Spot testnet (protocols/binance-spot.md §1).
inline constexpr std::string_view testnet_rest_url = "https://testnet.binance.vision";
inline constexpr std::string_view mainnet_rest_url = "https://api.binance.com";

struct Credentials {
    std::string api_key;
    std::string secret;
};

struct RestConfig {
    std::string base_url = std::string(testnet_rest_url);
    Credentials credentials;
    Duration recv_window = std::chrono::seconds(5);
    net::RateLimit weight_limit{6000, std::chrono::minutes(1), 0.8};
    net::HttpClientOptions http;
    // How a 429's Retry-After is waited out; tests can shorten nothing here,
    // the venue decides the time. Default: sleep on this thread.
    std::function<void(Duration)> wait;
};

enum class OrderType : std::uint8_t { Market, Limit };

struct OrderTicket {
    Symbol symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    std::string client_order_id;  // ^[a-zA-Z0-9-_]{1,36}$
    // Market: exactly one of quantity (base) or quote_quantity (quote).
    // Limit: quantity and price; good till cancelled.
    Quantity quantity;
    Decimal quote_quantity;
    Price price;
};

struct OrderReport {
    Symbol symbol;
    std::int64_t order_id = 0;
    std::string client_order_id;
    std::string status;  // NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, ...
    Side side = Side::Buy;
    Quantity quantity;           // origQty
    Quantity executed_quantity;  // executedQty
    Decimal executed_quote;      // cummulativeQuoteQty
    Price price;
    Timestamp time;  // transactTime or updateTime
    // Summed over the answer's "fills" (a FULL order answer). No asset: the
    // answer had no fills (a lookup), so it does not tell the fee.
    Decimal commission;
    std::string commission_asset;
};

struct Balance {
    std::string asset;
    Decimal free;
    Decimal locked;
};

struct KlineQuery {
    Symbol symbol;
    std::string interval = "1m";
    Timestamp from;  // open times from here ...
    Timestamp to;    // ... to here, inclusive
    int page_size = 1000;
};

class RestClient {
public:
    // `clock` is the local wall clock (engine::SystemClock live); the server
    // offset is learnt by sync_time().
    static Result<RestClient> create(RestConfig config, const engine::Clock& clock);

    // Measures the offset between the server's clock and ours.
    Status sync_time();

    Duration server_offset() const { return offset_; }

    Result<std::vector<SymbolRules>> exchange_info(const std::vector<Symbol>& symbols);

    // Every kline with open time in [from, to], oldest first, fetched in pages.
    Result<std::vector<Kline>> klines(const KlineQuery& query);

    Result<OrderReport> place_order(const OrderTicket& ticket);
    // NotFound (-2013) when no order has this client id.
    Result<OrderReport> query_order(Symbol symbol, std::string_view client_order_id);
    Result<OrderReport> cancel_order(Symbol symbol, std::string_view client_order_id);
    Result<std::vector<OrderReport>> open_orders(Symbol symbol);
    Result<std::vector<Balance>> balances();

    // The limiter, for tests and the venue's alerting.
    const net::RateLimiter& limiter() const { return limiter_; }

private:
    enum class Security : std::uint8_t { None, Signed };

    struct Call {
        net::HttpMethod method = net::HttpMethod::Get;
        std::string_view path;
        net::QueryString query;
        Security security = Security::None;
        std::int64_t weight = 1;
    };

    RestClient(RestConfig config, const engine::Clock& clock, net::HttpClient http);
    Result<std::string> call(const Call& call);
    Result<net::HttpResponse> send_once(const Call& call);
    Status wait_for_weight(std::int64_t weight);

    Timestamp server_now() const { return clock_->now() + offset_; }

    RestConfig config_;
    const engine::Clock* clock_;
    net::HttpClient http_;
    net::RateLimiter limiter_;
    Duration offset_{0};
};

// Binance's error body {"code":-2013,"msg":"..."} as an Error.
Error venue_error(int status, std::string_view body, std::string_view what);

}  // namespace osprey::binance
