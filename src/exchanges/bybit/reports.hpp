#pragma once
// What Bybit reports about orders, fills and positions: the same objects
// arrive from REST (/v5/order/realtime, /v5/execution/list,
// /v5/position/list) and from the private topics order, execution and
// position (protocols/bybit-v5.md §3.4, §3.5, §4.4).
//
// Text fields are views into the parser's buffer, so reading a stream costs
// no allocation: they are valid only until the next message is parsed.
// Copy what must be kept.

#include <cstdint>
#include <string_view>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"

namespace osprey::bybit {

enum class OrderStatus : std::uint8_t {
    New,
    PartiallyFilled,
    Untriggered,
    Triggered,
    Filled,
    Cancelled,
    PartiallyFilledCanceled,
    Rejected,
    Deactivated,
};

OrderStatus parse_order_status(std::string_view text);
std::string_view to_string(OrderStatus status);
// Filled, cancelled, rejected: nothing more will happen to the order.
bool is_final(OrderStatus status);

struct OrderReport {
    std::string_view order_id;
    std::string_view order_link_id;
    Symbol symbol;
    Side side = Side::Buy;
    std::string_view order_type;
    OrderStatus status = OrderStatus::New;
    Price price;
    Quantity quantity;
    Quantity filled_quantity;  // cumExecQty
    Decimal filled_value;      // cumExecValue (quote)
    Decimal fee;               // cumExecFee
    Price average_price;       // zero until something filled
    std::string_view reject_reason;
    Timestamp updated;
};

struct ExecutionReport {
    std::string_view execution_id;
    std::string_view order_id;
    std::string_view order_link_id;
    Symbol symbol;
    Side side = Side::Buy;
    std::string_view execution_type;  // Trade, Funding, ...
    Price price;
    Quantity quantity;
    Decimal value;
    Decimal fee;
    Timestamp time;
    bool is_maker = false;
};

struct PositionReport {
    Symbol symbol;
    int position_index = 0;
    // Buy (long), Sell (short); size is zero when flat.
    Side side = Side::Buy;
    Quantity size;
    Price average_price;
    Price take_profit;  // zero: none
    Price stop_loss;    // zero: none
    Decimal unrealised_pnl;
    Timestamp updated;
};

}  // namespace osprey::bybit
