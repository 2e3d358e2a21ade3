#pragma once
// The user-data stream over the WebSocket API (protocols/binance-spot.md §5.1):
// `userDataStream.subscribe.signature` signed like every WS API request
// (params sorted, raw values), then execution reports as orders fill.
// Blocking; one stream per thread. After a drop, open a new stream and
// reconcile by client order id (order_desk.hpp, RestClient::query_order).

#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"
#include "exchanges/binance/rest_client.hpp"
#include "net/websocket_client.hpp"

namespace osprey::binance {

inline constexpr std::string_view testnet_ws_api_url =
    "wss://ws-api.testnet.binance.vision/ws-api/v3";

// One `executionReport` event.
struct ExecutionReport {
    Symbol symbol;
    std::string client_order_id;
    std::string execution_type;  // NEW, TRADE, CANCELED, EXPIRED, ...
    std::string status;          // the order's status after this event
    Side side = Side::Buy;
    Quantity last_quantity;        // l: this trade
    Price last_price;              // L
    Quantity cumulative_quantity;  // z
    Decimal commission;            // n
    std::string commission_asset;  // N
    Timestamp time;                // T
};

// Parses a WS API user-data message: the report if it is an executionReport,
// nothing for other events and answers.
Result<std::optional<ExecutionReport>> parse_user_event(std::string_view json);

class UserStream {
public:
    // url: the WS API ("ws://127.0.0.1:N/ws-api/v3" for the mock);
    // server_offset: from RestClient::server_offset(), for the timestamp.
    static Result<UserStream> open(std::string_view url, const Credentials& credentials,
                                   Timestamp server_now);

    // The next execution report (other events are skipped).
    Result<ExecutionReport> next();

    void close() { socket_.close(); }

private:
    explicit UserStream(net::WebSocketClient socket) : socket_(std::move(socket)) {}

    net::WebSocketClient socket_;
};

}  // namespace osprey::binance
