#include "exchanges/binance/order_desk.hpp"

namespace osprey::binance {

namespace {

// Errors after which the order may or may not exist at the venue.
bool outcome_unknown(const Error& error) {
    return error.code == ErrorCode::Timeout || error.code == ErrorCode::Unavailable;
}

}  // namespace

Result<OrderReport> place_exactly_once(RestClient& rest, const OrderTicket& ticket,
                                       PlacementPolicy policy) {
    auto placed = rest.place_order(ticket);
    if (placed || !outcome_unknown(placed.error())) {
        return placed;
    }
    Error last = placed.error();
    for (int attempt = 0; attempt < policy.attempts; ++attempt) {
        auto found = rest.query_order(ticket.symbol, ticket.client_order_id);
        if (found) {
            return found;
        }
        if (found.error().code == ErrorCode::NotFound) {
            auto again = rest.place_order(ticket);
            if (again || !outcome_unknown(again.error())) {
                return again;
            }
            last = again.error();
        } else if (!outcome_unknown(found.error())) {
            return fail(found.error());
        } else {
            last = found.error();
        }
    }
    return fail(last.code, "binance: order " + ticket.client_order_id
                               + " outcome unknown after lookups: " + last.message);
}

}  // namespace osprey::binance
