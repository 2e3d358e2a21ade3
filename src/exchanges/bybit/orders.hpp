#pragma once
// The bodies and queries of the order endpoints (protocols/bybit-v5.md §3.3,
// §3.5, §7). Amounts go out as plain decimal strings ("0.001", never
// "1e-03"); bodies are compact JSON built here byte for byte, because the
// signature covers the exact bytes sent.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"
#include "exchanges/bybit/market.hpp"

namespace osprey::bybit {

enum class OrderType : std::uint8_t { Market, Limit };

// "osp-<bot>-<sequence>" (base 36): a client order id as Bybit's orderLinkId
// (at most 36 of [A-Za-z0-9_-]), and back.
std::string order_link_id(ClientOrderId id);
Result<ClientOrderId> parse_order_link_id(std::string_view text);

struct OrderTicket {
    Category category = Category::Linear;
    Symbol symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    Quantity quantity;
    std::optional<Price> price;  // Limit only
    std::string link_id;
    bool reduce_only = false;
    // Attached to the position the order opens (linear).
    std::optional<Price> take_profit;
    std::optional<Price> stop_loss;
};

// POST /v5/order/create body. Spot market orders are sized in the base coin
// (marketUnit=baseCoin), so quantity means the same thing on every market.
std::string create_order_body(const OrderTicket& ticket);

// POST /v5/order/cancel body, by orderLinkId.
std::string cancel_order_body(Category category, const Symbol& symbol, std::string_view link_id);

// GET /v5/order/realtime query: one order by orderLinkId, or (empty id) the
// symbol's open orders.
std::string order_query(Category category, const Symbol& symbol, std::string_view link_id);

// GET /v5/order/history query for one orderLinkId (orders no longer open).
std::string order_history_query(Category category, const Symbol& symbol, std::string_view link_id);

// GET /v5/position/list query (linear).
std::string position_query(const Symbol& symbol);

// GET /v5/account/wallet-balance query.
std::string wallet_query(std::string_view coins);

// POST /v5/position/trading-stop body: whole-position (Full) TP/SL on a
// one-way linear position; a missing level is left unchanged, a zero price
// cancels that level.
struct TradingStop {
    Symbol symbol;
    std::optional<Price> take_profit;
    std::optional<Price> stop_loss;
    std::string_view trigger_by = "LastPrice";
};

std::string trading_stop_body(const TradingStop& stop);

}  // namespace osprey::bybit
