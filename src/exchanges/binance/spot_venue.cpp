#include "exchanges/binance/spot_venue.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "exchanges/binance/order_desk.hpp"

namespace osprey::binance {

namespace {

// Errors after which an order may or may not exist at Binance.
bool outcome_unknown(const Error& error) {
    return error.code == ErrorCode::Timeout || error.code == ErrorCode::Unavailable;
}

// An order that can still fill.
bool is_working(std::string_view status) {
    return status == "NEW" || status == "PARTIALLY_FILLED" || status == "PENDING_NEW";
}

}  // namespace

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
    if (unresolved_) {
        // One order at a time: its outcome (now, or at a later bar) comes
        // first, and the bot decides again knowing it.
        const std::string earlier = client_order_id(unresolved_->id);
        resolve("after its answer was lost");
        return fail(ErrorCode::Conflict,
                    "binance: order " + earlier + " was still in flight; this one is not sent");
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
    if (placed) {
        report(order, *placed);
    } else if (outcome_unknown(placed.error())) {
        unresolved_ = order;  // looked up again on the next bar
    } else {
        events_.emplace_back(engine::OrderRejected{order.id, placed.error()});
    }
    return {};
}

void SpotVenue::report(const engine::OrderRequest& order, const OrderReport& placed) {
    const double quantity = placed.executed_quantity.to_double();
    const double quote = placed.executed_quote.to_double();
    if (quantity <= 0) {
        events_.emplace_back(engine::OrderRejected{
            order.id, Error{ErrorCode::Rejected, "binance: order " + client_order_id(order.id)
                                                     + " ended " + placed.status + " unfilled"}});
        return;
    }
    // Binance takes its fee in the asset received: the base on a buy, the
    // quote on a sell. A lookup's answer has no fills: the rate is assumed.
    const bool buy = order.side == Side::Buy;
    const std::string& received = buy ? rules_.base_asset : rules_.quote_asset;
    double commission = 0;  // in the asset received
    if (placed.commission_asset.empty()) {
        commission = (buy ? quantity : quote) * fee_rate_;
    } else if (placed.commission_asset == received) {
        commission = placed.commission.to_double();
    }  // else paid in another asset (BNB): what was received is whole
    Fill fill;
    fill.order = order.id;
    fill.side = order.side;
    fill.time = placed.time;
    fill.price = quote / quantity;
    fill.quantity = buy ? quantity - commission : quantity;
    // A close leaves below one step unsold (the bought quantity less its
    // commission is off the grid): that dust cannot be sold, so the
    // position is closed whole and the dust stays in the account.
    const Quantity step =
        rules_.market_step_size.is_zero() ? rules_.step_size : rules_.market_step_size;
    if (order.intent == engine::OrderIntent::Close && order.quantity > fill.quantity
        && order.quantity - fill.quantity < step.to_double()) {
        fill.quantity = order.quantity;
    }
    fill.quote_amount = buy ? quote : quote - commission;
    fill.fee = buy ? commission * fill.price : commission;
    events_.emplace_back(fill);
}

void SpotVenue::on_bar(const Candle& bar) {
    static_cast<void>(bar);
    if (unresolved_) {
        resolve("after its answer was lost");
    }
}

void SpotVenue::resume(const std::optional<engine::HeldPosition>& held,
                       const std::optional<engine::OrderRequest>& in_flight) {
    static_cast<void>(held);
    unresolved_ = in_flight;
    if (unresolved_) {
        resolve("after restart");
    }
}

void SpotVenue::resolve(std::string_view why_unknown) {
    const engine::OrderRequest order = *unresolved_;
    const std::string id = client_order_id(order.id);
    auto found = rest_.query_order(rules_.symbol, id);
    if (!found) {
        if (found.error().code == ErrorCode::NotFound) {
            // It never reached Binance: the bot may decide again.
            unresolved_.reset();
            events_.emplace_back(engine::OrderRejected{
                order.id,
                Error{ErrorCode::Rejected, "binance: order " + id + " not found at the exchange "
                                               + std::string(why_unknown)}});
        }
        return;  // no answer again: the next bar asks again
    }
    if (is_working(found->status)) {
        // Decided on a bar long gone: cancelled rather than left to fill at
        // an unknown later time. What executed before the cancel is kept.
        auto cancelled = rest_.cancel_order(rules_.symbol, id);
        if (!cancelled) {
            return;  // finished meanwhile, or no answer: looked up again
        }
        found = std::move(cancelled);
    }
    unresolved_.reset();
    report(order, *found);
}

}  // namespace osprey::binance
