#include "exchanges/bybit/venue.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace osprey::bybit {

namespace {

// What the venue knows of one of its orders.
struct TrackedOrder {
    ClientOrderId id;
    Side side = Side::Buy;
    Quantity reported;  // filled quantity already turned into Fill events
    bool final = false;
};

Fill make_fill(ClientOrderId id, Side side, Timestamp time, Price price, Quantity quantity,
               Decimal value, Decimal fee) {
    Fill fill;
    fill.order = id;
    fill.side = side;
    fill.time = time;
    fill.price = price.to_double();
    fill.quantity = quantity.to_double();
    fill.fee = fee.to_double();
    // Cash that moved, fee included: a buy costs value + fee, a sell returns value - fee.
    fill.quote_amount =
        side == Side::Buy ? value.to_double() + fill.fee : value.to_double() - fill.fee;
    return fill;
}

}  // namespace

struct BybitVenue::State final : StreamSink {
    VenueOptions options;
    const engine::Clock* clock;
    RestClient rest;
    InstrumentRules rules;
    double reference_price = 0;
    Decimal quote_balance;
    PositionReport position;
    std::unique_ptr<PrivateStream> stream;

    // Shared with the stream's thread.
    std::mutex mutex;
    std::map<std::string, TrackedOrder> orders;  // by orderLinkId
    std::set<std::string> executions;            // execIds already reported
    std::vector<engine::VenueEvent> events;
    std::atomic<bool> needs_reconcile{true};

    State(VenueOptions options_in, const engine::Clock& clock_in, RestClient rest_in)
        : options(std::move(options_in)), clock(&clock_in), rest(std::move(rest_in)) {}

    void on_execution(const ExecutionReport& fill) override {
        if (fill.execution_type != "Trade") {
            return;
        }
        const std::scoped_lock lock(mutex);
        auto tracked = orders.find(std::string(fill.order_link_id));
        if (tracked == orders.end() || !executions.insert(std::string(fill.execution_id)).second) {
            return;  // not ours, or a duplicate push
        }
        tracked->second.reported = tracked->second.reported + fill.quantity;
        events.emplace_back(make_fill(tracked->second.id, fill.side, fill.time, fill.price,
                                      fill.quantity, fill.value, fill.fee));
    }

    void on_order(const OrderReport& order) override {
        const std::scoped_lock lock(mutex);
        auto tracked = orders.find(std::string(order.order_link_id));
        if (tracked == orders.end() || tracked->second.final) {
            return;
        }
        if (order.status == OrderStatus::Rejected) {
            tracked->second.final = true;
            events.emplace_back(engine::OrderRejected{
                tracked->second.id,
                Error{ErrorCode::Rejected,
                      "Bybit rejected the order: " + std::string(order.reject_reason)}});
        }
    }

    // A final order whose filled quantity exceeds what fills reported: the
    // executions were missed (a disconnect); one fill makes up the rest.
    void settle(const OrderState& order) {
        const std::scoped_lock lock(mutex);
        auto tracked = orders.find(order.link_id);
        if (tracked == orders.end()) {
            return;
        }
        auto& known = tracked->second;
        if (order.filled_quantity > known.reported && is_final(order.status)) {
            const Quantity missing = order.filled_quantity - known.reported;
            const Decimal share =
                order.average_price.decimal().normalized() * missing.decimal().normalized();
            const double part =
                missing.to_double() / std::max(order.filled_quantity.to_double(), 1e-300);
            events.emplace_back(make_fill(known.id, order.side, clock->now(), order.average_price,
                                          missing, share,
                                          Decimal::from_double(order.fee.to_double() * part, 8)));
            known.reported = order.filled_quantity;
        }
        if (order.status == OrderStatus::Rejected && !known.final) {
            events.emplace_back(engine::OrderRejected{
                known.id,
                Error{ErrorCode::Rejected, "Bybit rejected the order: " + order.reject_reason}});
        }
        known.final = is_final(order.status);
    }

    Result<OrderTicket> ticket_for(const engine::OrderRequest& order) const;
    Status send(const OrderTicket& ticket);
};

BybitVenue::BybitVenue(std::unique_ptr<State> state) : state_(std::move(state)) {}

BybitVenue::~BybitVenue() {
    if (state_->stream) {
        state_->stream->stop();
    }
}

Result<std::unique_ptr<BybitVenue>> BybitVenue::open(VenueOptions options, Credentials credentials,
                                                     const engine::Clock& clock) {
    auto rest = RestClient::create(options.rest, credentials, clock);
    if (!rest) {
        return fail(rest.error());
    }
    if (auto synced = rest->sync_time(); !synced) {
        return fail(synced.error());
    }
    auto all_rules = rest->instruments(options.category);
    if (!all_rules) {
        return fail(all_rules.error());
    }
    const auto found =
        std::find_if(all_rules->begin(), all_rules->end(),
                     [&](const InstrumentRules& r) { return r.symbol == options.symbol; });
    if (found == all_rules->end()) {
        return fail(ErrorCode::NotFound, "Bybit has no " + std::string(to_string(options.category))
                                             + " symbol " + std::string(options.symbol.view()));
    }
    auto state = std::make_unique<State>(std::move(options), clock, std::move(*rest));
    state->rules = *found;
    auto venue = std::make_unique<BybitVenue>(std::move(state));
    if (auto reconciled = venue->reconcile(); !reconciled) {
        return fail(reconciled.error());
    }
    auto& shared = *venue->state_;
    shared.options.stream.clock_offset = shared.rest.time_offset();
    shared.stream = std::make_unique<PrivateStream>(
        shared.options.stream, std::move(credentials), clock, shared, [](const Error& /*error*/) {},
        [&shared] { shared.needs_reconcile = true; });
    shared.stream->start();
    return venue;
}

Result<OrderTicket> BybitVenue::State::ticket_for(const engine::OrderRequest& order) const {
    OrderTicket ticket;
    ticket.category = options.category;
    ticket.symbol = options.symbol;
    ticket.side = order.side;
    ticket.link_id = order_link_id(order.id);
    double wanted = order.quantity;
    if (order.intent == engine::OrderIntent::Open && wanted <= 0) {
        if (reference_price <= 0) {
            return fail(ErrorCode::InvalidArgument,
                        "Bybit: no reference price to size a quote amount");
        }
        wanted = order.quote_amount / reference_price;
    }
    // At the filters' own scales, so products stay well inside 64 bits.
    const Price reference(
        Decimal::from_double(std::max(reference_price, 0.0), rules.tick_size.decimal().scale()));
    const int quantity_scale = std::min(rules.quantity_step.decimal().scale() + 2, 12);
    auto quantity =
        rules.tradable_quantity(Quantity(Decimal::from_double(wanted, quantity_scale)), reference);
    if (!quantity) {
        return fail(quantity.error());
    }
    ticket.quantity = *quantity;
    ticket.reduce_only =
        order.intent == engine::OrderIntent::Close && options.category == Category::Linear;
    const auto& exits = order.exits;
    if (order.intent == engine::OrderIntent::Open && options.category == Category::Linear
        && reference_price > 0) {
        const auto side = order.side == Side::Buy ? PositionSide::Long : PositionSide::Short;
        // Exchange-side protection at the reference price; the position's
        // levels can be moved with set_trading_stop once the fill is known.
        if (exits.stop_fraction > 0) {
            const double level = risk::stop_price(reference_price, exits.stop_fraction, side);
            ticket.stop_loss = Price(Decimal::from_double(level, 8)).round_to(rules.tick_size);
        }
        if (exits.target_count > 0 && exits.target_fractions[0] > 0) {
            const double level =
                risk::target_price(reference_price, exits.target_fractions[0], side);
            ticket.take_profit = Price(Decimal::from_double(level, 8)).round_to(rules.tick_size);
        }
    }
    return ticket;
}

// Sends once; when the answer is lost, looks the order up by orderLinkId
// and resends only if the venue never saw it.
Status BybitVenue::State::send(const OrderTicket& ticket) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto sent = rest.create_order(ticket);
        if (sent) {
            return {};
        }
        const ErrorCode code = sent.error().code;
        if (code == ErrorCode::Conflict) {
            return {};  // the orderLinkId exists: an earlier attempt got through
        }
        if (code != ErrorCode::Timeout && code != ErrorCode::Unavailable) {
            return fail(sent.error());
        }
        auto found = rest.find_order(ticket.category, ticket.symbol, ticket.link_id);
        if (!found) {
            needs_reconcile = true;
            return fail(ErrorCode::Unavailable, sent.error().message + "; the order's fate is unknown and will be "
                                                                       "looked up before the next order");
        }
        if (found->has_value()) {
            return {};
        }
    }
    return fail(ErrorCode::Unavailable,
                "Bybit create order: no answer twice; the venue does not have the order");
}

Status BybitVenue::submit(const engine::OrderRequest& order) {
    if (state_->needs_reconcile) {
        if (auto reconciled = reconcile(); !reconciled) {
            return reconciled;
        }
    }
    auto ticket = state_->ticket_for(order);
    if (!ticket) {
        return fail(ticket.error());
    }
    {
        // Recorded before the request goes out.
        const std::scoped_lock lock(state_->mutex);
        state_->orders.emplace(ticket->link_id,
                               TrackedOrder{order.id, order.side, Quantity(), false});
    }
    auto sent = state_->send(*ticket);
    if (!sent && sent.error().code != ErrorCode::Unavailable) {
        const std::scoped_lock lock(state_->mutex);
        state_->orders.erase(ticket->link_id);
    }
    return sent;
}

Status BybitVenue::reconcile() {
    auto& state = *state_;
    std::vector<std::string> open;
    {
        const std::scoped_lock lock(state.mutex);
        for (const auto& [link, order] : state.orders) {
            if (!order.final) {
                open.push_back(link);
            }
        }
    }
    state.needs_reconcile = false;
    for (const auto& link : open) {
        auto found = state.rest.find_order(state.options.category, state.options.symbol, link);
        if (!found) {
            state.needs_reconcile = true;
            return fail(found.error());
        }
        if (found->has_value()) {
            state.settle(**found);
        }
    }
    const std::string quote(state.options.symbol.view().ends_with("USDC") ? "USDC" : "USDT");
    auto balances = state.rest.balances(quote);
    if (!balances) {
        state.needs_reconcile = true;
        return fail(balances.error());
    }
    for (const auto& balance : *balances) {
        if (balance.coin == quote) {
            state.quote_balance = balance.wallet_balance;
        }
    }
    if (state.options.category == Category::Linear) {
        auto position = state.rest.position(state.options.symbol);
        if (!position) {
            state.needs_reconcile = true;
            return fail(position.error());
        }
        state.position = *position;
    }
    return {};
}

void BybitVenue::set_reference_price(double price) {
    state_->reference_price = price;
}

void BybitVenue::take_events(std::vector<engine::VenueEvent>& out) {
    const std::scoped_lock lock(state_->mutex);
    out.insert(out.end(), state_->events.begin(), state_->events.end());
    state_->events.clear();
}

const InstrumentRules& BybitVenue::rules() const {
    return state_->rules;
}

std::optional<Error> BybitVenue::stream_error() const {
    return state_->stream ? state_->stream->fatal_error() : std::nullopt;
}

Decimal BybitVenue::quote_balance() const {
    return state_->quote_balance;
}

PositionReport BybitVenue::position() const {
    return state_->position;
}

}  // namespace osprey::bybit
