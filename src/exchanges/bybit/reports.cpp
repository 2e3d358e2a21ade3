#include <array>
#include <utility>

#include "exchanges/bybit/report_fields.hpp"

namespace osprey::bybit {

namespace {

constexpr std::array<std::pair<std::string_view, OrderStatus>, 9> status_names = {{
    {"New", OrderStatus::New},
    {"PartiallyFilled", OrderStatus::PartiallyFilled},
    {"Untriggered", OrderStatus::Untriggered},
    {"Triggered", OrderStatus::Triggered},
    {"Filled", OrderStatus::Filled},
    {"Cancelled", OrderStatus::Cancelled},
    {"PartiallyFilledCanceled", OrderStatus::PartiallyFilledCanceled},
    {"Rejected", OrderStatus::Rejected},
    {"Deactivated", OrderStatus::Deactivated},
}};

// Reads each named decimal field into its target, stopping at the first bad one.
template <std::size_t N>
Status read_decimals(json::Object& object,
                     const std::array<std::pair<std::string_view, Decimal*>, N>& fields) {
    for (const auto& [key, target] : fields) {
        auto value = json::decimal(object, key);
        if (!value) {
            return fail(value.error());
        }
        *target = *value;
    }
    return {};
}

Timestamp millis_or_zero(json::Object& object, std::string_view key) {
    auto value = json::integer(object, key);
    return Timestamp::from_millis(value ? *value : 0);
}

}  // namespace

OrderStatus parse_order_status(std::string_view text) {
    for (const auto& [name, status] : status_names) {
        if (name == text) {
            return status;
        }
    }
    // An unknown state is treated as still open: the order is looked up
    // again rather than assumed finished.
    return OrderStatus::New;
}

std::string_view to_string(OrderStatus status) {
    for (const auto& [name, value] : status_names) {
        if (value == status) {
            return name;
        }
    }
    return "New";
}

bool is_final(OrderStatus status) {
    return status == OrderStatus::Filled || status == OrderStatus::Cancelled
           || status == OrderStatus::PartiallyFilledCanceled || status == OrderStatus::Rejected
           || status == OrderStatus::Deactivated;
}

Result<OrderReport> read_order(json::Object& object) {
    OrderReport order;
    order.order_id = json::text_or(object, "orderId", "");
    order.order_link_id = json::text_or(object, "orderLinkId", "");
    auto symbol = json::symbol(object, "symbol");
    auto side = json::side(object, "side");
    if (!symbol || !side) {
        return fail(!symbol ? symbol.error() : side.error());
    }
    order.symbol = *symbol;
    order.side = *side;
    order.order_type = json::text_or(object, "orderType", "");
    order.status = parse_order_status(json::text_or(object, "orderStatus", ""));
    Decimal price;
    Decimal quantity;
    Decimal filled;
    Decimal average;
    const std::array<std::pair<std::string_view, Decimal*>, 6> decimals = {{
        {"price", &price},
        {"qty", &quantity},
        {"cumExecQty", &filled},
        {"cumExecValue", &order.filled_value},
        {"cumExecFee", &order.fee},
        {"avgPrice", &average},
    }};
    auto status = read_decimals(object, decimals);
    if (!status) {
        return fail(status.error());
    }
    order.price = Price(price);
    order.quantity = Quantity(quantity);
    order.filled_quantity = Quantity(filled);
    order.average_price = Price(average);
    order.reject_reason = json::text_or(object, "rejectReason", "");
    order.updated = millis_or_zero(object, "updatedTime");
    return order;
}

Result<ExecutionReport> read_execution(json::Object& object) {
    ExecutionReport fill;
    fill.execution_id = json::text_or(object, "execId", "");
    fill.order_id = json::text_or(object, "orderId", "");
    fill.order_link_id = json::text_or(object, "orderLinkId", "");
    auto symbol = json::symbol(object, "symbol");
    auto side = json::side(object, "side");
    if (!symbol || !side) {
        return fail(!symbol ? symbol.error() : side.error());
    }
    fill.symbol = *symbol;
    fill.side = *side;
    Decimal price;
    Decimal quantity;
    const std::array<std::pair<std::string_view, Decimal*>, 4> decimals = {{
        {"execPrice", &price},
        {"execQty", &quantity},
        {"execValue", &fill.value},
        {"execFee", &fill.fee},
    }};
    auto status = read_decimals(object, decimals);
    if (!status) {
        return fail(status.error());
    }
    fill.price = Price(price);
    fill.quantity = Quantity(quantity);
    fill.execution_type = json::text_or(object, "execType", "Trade");
    fill.time = millis_or_zero(object, "execTime");
    bool maker = false;
    fill.is_maker = object["isMaker"].get_bool().get(maker) == simdjson::SUCCESS && maker;
    return fill;
}

Result<PositionReport> read_position(json::Object& object) {
    PositionReport position;
    auto symbol = json::symbol(object, "symbol");
    if (!symbol) {
        return fail(symbol.error());
    }
    position.symbol = *symbol;
    auto index = json::integer(object, "positionIdx");
    position.position_index = index ? static_cast<int>(*index) : 0;
    position.side = json::text_or(object, "side", "") == "Sell" ? Side::Sell : Side::Buy;
    Decimal size;
    Decimal average;
    Decimal take_profit;
    Decimal stop_loss;
    const std::array<std::pair<std::string_view, Decimal*>, 5> decimals = {{
        {"size", &size},
        {"avgPrice", &average},
        {"unrealisedPnl", &position.unrealised_pnl},
        {"takeProfit", &take_profit},
        {"stopLoss", &stop_loss},
    }};
    auto status = read_decimals(object, decimals);
    if (!status) {
        return fail(status.error());
    }
    position.size = Quantity(size);
    position.average_price = Price(average);
    position.take_profit = Price(take_profit);
    position.stop_loss = Price(stop_loss);
    position.updated = millis_or_zero(object, "updatedTime");
    return position;
}

}  // namespace osprey::bybit
