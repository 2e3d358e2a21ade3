#pragma once
// Bybit v5 REST over one kept-alive connection (net::HttpClient): public
// market data, and the signed account, order and position endpoints
// (protocols/bybit-v5.md §2, §3).
//
// Signing uses the venue's time: the offset to GET /v5/market/time is
// measured at start and again whenever the venue answers retCode 10002
// (timestamp outside the recv window), and that request is then signed
// again and resent once. Rate limits: a 429 or retCode 10006 waits as told
// (or with backoff) and resends; HTTP 403 (the IP ban) stops all requests.
//
// Not thread-safe: one client per thread, like the HTTP client under it.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "engine/ports/clock.hpp"
#include "exchanges/bybit/instruments.hpp"
#include "exchanges/bybit/klines.hpp"
#include "exchanges/bybit/market.hpp"
#include "exchanges/bybit/orders.hpp"
#include "exchanges/bybit/reports.hpp"
#include "exchanges/bybit/signing.hpp"

namespace osprey::bybit {

inline constexpr std::string_view mainnet_rest_url = "https://api.bybit.com";
inline constexpr std::string_view testnet_rest_url = "https://api-testnet.bybit.com";

struct RestOptions {
    std::string base_url = std::string(testnet_rest_url);
    std::int64_t recv_window_ms = 5000;
    Duration request_timeout = std::chrono::seconds(10);
    // Resends after 429 / 10006 before giving up.
    int rate_limit_retries = 5;
};

// An order as the venue holds it (owning copy of an OrderReport).
struct OrderState {
    std::string order_id;
    std::string link_id;
    Symbol symbol;
    Side side = Side::Buy;
    OrderStatus status = OrderStatus::New;
    Price price;
    Quantity quantity;
    Quantity filled_quantity;
    Decimal filled_value;
    Decimal fee;
    Price average_price;
    std::string reject_reason;
};

OrderState to_state(const OrderReport& report);

struct CoinBalance {
    std::string coin;
    Decimal wallet_balance;
    Decimal locked;
    Decimal equity;
};

class RestClient {
public:
    // Credentials may be empty for market data only.
    static Result<RestClient> create(RestOptions options, Credentials credentials,
                                     const engine::Clock& clock);

    RestClient(RestClient&&) noexcept;
    RestClient& operator=(RestClient&&) noexcept;
    RestClient(const RestClient&) = delete;
    RestClient& operator=(const RestClient&) = delete;
    ~RestClient();

    // Market data (unsigned).
    Result<Timestamp> server_time();
    Result<std::vector<InstrumentRules>> instruments(Category category);
    // One page of klines (at most max_klines_per_page), oldest first.
    Result<std::vector<Kline>> klines(Category category, const Symbol& symbol, Timeframe timeframe,
                                      KlineWindow window);

    // Measures the offset between the venue's clock and ours.
    Status sync_time();
    Duration time_offset() const;

    // Orders (signed). create_order returns the venue's orderId. A Timeout
    // error means the outcome is unknown: find_order before any resend.
    Result<std::string> create_order(const OrderTicket& ticket);
    // By orderLinkId: open and recent orders first, then history. nullopt:
    // the venue never accepted it.
    Result<std::optional<OrderState>> find_order(Category category, const Symbol& symbol,
                                                 std::string_view link_id);
    Result<std::vector<OrderState>> open_orders(Category category, const Symbol& symbol);
    Status cancel_order(Category category, const Symbol& symbol, std::string_view link_id);
    Result<std::vector<CoinBalance>> balances(std::string_view coins);
    // The linear position on one symbol (size zero when flat).
    Result<PositionReport> position(const Symbol& symbol);
    Status set_trading_stop(const TradingStop& stop);

private:
    struct Connection;
    explicit RestClient(std::unique_ptr<Connection> connection);
    std::unique_ptr<Connection> connection_;
};

}  // namespace osprey::bybit
