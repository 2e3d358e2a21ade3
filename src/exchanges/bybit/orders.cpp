#include "exchanges/bybit/orders.hpp"

#include <array>
#include <charconv>

namespace osprey::bybit {

namespace {

// Appends "key":"value" (with a leading comma unless first). Values here are
// symbols, enums, decimals and validated ids: nothing needs escaping.
void field(std::string& body, std::string_view key, std::string_view value) {
    if (body.size() > 1) {
        body.push_back(',');
    }
    body.push_back('"');
    body.append(key);
    body.append("\":\"");
    body.append(value);
    body.push_back('"');
}

// Base 36 keeps the id within Bybit's 36 characters for any bot and sequence.
constexpr int id_base = 36;

bool parse_number(std::string_view text, std::uint64_t& out) {
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, out, id_base);
    return !text.empty() && error == std::errc() && stop == end;
}

void append_number(std::string& out, std::uint64_t value) {
    std::array<char, 16> digits{};
    const auto written =
        std::to_chars(digits.data(), digits.data() + digits.size(), value, id_base);
    out.append(digits.data(), written.ptr);
}

}  // namespace

std::string order_link_id(ClientOrderId id) {
    std::string text = "osp-";
    append_number(text, id.bot.value());
    text.push_back('-');
    append_number(text, id.sequence);
    return text;
}

Result<ClientOrderId> parse_order_link_id(std::string_view text) {
    constexpr std::string_view prefix = "osp-";
    const auto dash = text.rfind('-');
    std::uint64_t bot = 0;
    std::uint64_t sequence = 0;
    if (!text.starts_with(prefix) || dash < prefix.size()
        || !parse_number(text.substr(prefix.size(), dash - prefix.size()), bot)
        || !parse_number(text.substr(dash + 1), sequence)) {
        return fail(ErrorCode::ParseError,
                    "not an Osprey orderLinkId: '" + std::string(text) + "'");
    }
    return ClientOrderId{BotId(bot), sequence};
}

std::string create_order_body(const OrderTicket& ticket) {
    std::string body = "{";
    field(body, "category", to_string(ticket.category));
    field(body, "symbol", ticket.symbol.view());
    field(body, "side", ticket.side == Side::Buy ? "Buy" : "Sell");
    field(body, "orderType", ticket.type == OrderType::Market ? "Market" : "Limit");
    field(body, "qty", ticket.quantity.to_string());
    if (ticket.type == OrderType::Limit && ticket.price) {
        field(body, "price", ticket.price->to_string());
        field(body, "timeInForce", "GTC");
    }
    if (ticket.category == Category::Spot && ticket.type == OrderType::Market) {
        field(body, "marketUnit", "baseCoin");
    }
    if (!ticket.link_id.empty()) {
        field(body, "orderLinkId", ticket.link_id);
    }
    if (ticket.reduce_only) {
        body.append(",\"reduceOnly\":true");
    }
    if (ticket.take_profit) {
        field(body, "takeProfit", ticket.take_profit->to_string());
    }
    if (ticket.stop_loss) {
        field(body, "stopLoss", ticket.stop_loss->to_string());
    }
    body.push_back('}');
    return body;
}

std::string cancel_order_body(Category category, const Symbol& symbol, std::string_view link_id) {
    std::string body = "{";
    field(body, "category", to_string(category));
    field(body, "symbol", symbol.view());
    field(body, "orderLinkId", link_id);
    body.push_back('}');
    return body;
}

std::string order_query(Category category, const Symbol& symbol, std::string_view link_id) {
    std::string query = "category=";
    query.append(to_string(category)).append("&symbol=").append(symbol.view());
    if (!link_id.empty()) {
        query.append("&orderLinkId=").append(link_id);
    }
    return query;
}

std::string order_history_query(Category category, const Symbol& symbol, std::string_view link_id) {
    return order_query(category, symbol, link_id);
}

std::string position_query(const Symbol& symbol) {
    std::string query = "category=linear&symbol=";
    query.append(symbol.view());
    return query;
}

std::string wallet_query(std::string_view coins) {
    std::string query = "accountType=UNIFIED";
    if (!coins.empty()) {
        query.append("&coin=").append(coins);
    }
    return query;
}

std::string trading_stop_body(const TradingStop& stop) {
    std::string body = "{";
    field(body, "category", "linear");
    field(body, "symbol", stop.symbol.view());
    field(body, "tpslMode", "Full");
    body.append(",\"positionIdx\":0");
    if (stop.take_profit) {
        field(body, "takeProfit", stop.take_profit->to_string());
        field(body, "tpTriggerBy", stop.trigger_by);
    }
    if (stop.stop_loss) {
        field(body, "stopLoss", stop.stop_loss->to_string());
        field(body, "slTriggerBy", stop.trigger_by);
    }
    body.push_back('}');
    return body;
}

}  // namespace osprey::bybit
