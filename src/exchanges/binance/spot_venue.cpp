#include "exchanges/binance/spot_venue.hpp"

#include "exchanges/binance/order_desk.hpp"

namespace osprey::binance {

std::string client_order_id(const ClientOrderId& id) {
    return "osp-" + std::to_string(id.bot.value()) + "-" + std::to_string(id.sequence);
}

SpotVenue::SpotVenue(RestClient rest, SymbolRules rules)
    : rest_(std::move(rest)), rules_(std::move(rules)) {}

Result<std::unique_ptr<SpotVenue>> SpotVenue::create(RestConfig config, Symbol symbol,
                                                     const engine::Clock& clock) {
    auto rest = RestClient::create(std::move(config), clock);
    if (!rest) {
        return fail(rest.error());
    }
    if (auto synced = rest->sync_time(); !synced) {
        return fail(synced.error());
    }
    auto rules = rest->exchange_info({symbol});
    if (!rules) {
        return fail(rules.error());
    }
    if (rules->size() != 1) {
        return fail(ErrorCode::NotFound,
                    "binance: exchangeInfo has no symbol " + std::string(symbol.view()));
    }
    auto open = rest->open_orders(symbol);
    if (!open) {
        return fail(open.error());
    }
    auto balances = rest->balances();
    if (!balances) {
        return fail(balances.error());
    }
    auto venue = std::make_unique<SpotVenue>(std::move(*rest), (*rules)[0]);
    venue->open_at_start_ = std::move(*open);
    venue->balances_at_start_ = std::move(*balances);
    return venue;
}

Status SpotVenue::submit(const engine::OrderRequest& order) {
    if (order.intent == engine::OrderIntent::Open && order.side == Side::Sell) {
        return fail(ErrorCode::InvalidArgument, "binance spot: no short positions");
    }
    OrderTicket ticket{
        rules_.symbol, order.side, OrderType::Market, client_order_id(order.id), Quantity(),
        Decimal(),     Price()};
    if (order.quantity > 0) {
        ticket.quantity =
            floor_market_quantity(rules_, Quantity(Decimal::from_double(order.quantity, 8)));
        if (ticket.quantity.is_zero()) {
            return fail(ErrorCode::InvalidArgument, "binance: quantity rounds to zero");
        }
    } else {
        const Decimal cent = Decimal::from_units(1, std::min(rules_.quote_precision, 8));
        ticket.quote_quantity = Decimal::from_double(order.quote_amount, 8).floor_to(cent);
    }
    auto placed = place_exactly_once(rest_, ticket);
    if (!placed) {
        events_.emplace_back(engine::OrderRejected{order.id, placed.error()});
        return {};
    }
    const double quantity = placed->executed_quantity.to_double();
    const double quote = placed->executed_quote.to_double();
    if (quantity <= 0) {
        events_.emplace_back(engine::OrderRejected{
            order.id, Error{ErrorCode::Rejected, "binance: order " + ticket.client_order_id
                                                     + " ended " + placed->status + " unfilled"}});
        return {};
    }
    Fill fill;
    fill.order = order.id;
    fill.side = order.side;
    fill.time = placed->time;
    fill.quantity = quantity;
    fill.price = quote / quantity;
    fill.quote_amount = quote;
    events_.emplace_back(fill);
    return {};
}

}  // namespace osprey::binance
