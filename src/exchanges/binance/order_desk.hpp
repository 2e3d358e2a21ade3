#pragma once
// Placing an order exactly once (protocols/binance-spot.md §8). When an
// order's answer is lost (timeout, dropped connection, 5xx, -1007), the
// outcome is unknown: the order is looked up by its client order id before
// anything is resent. Found: that is the order. Not found (-2013): it never
// reached the engine, so sending it again is safe, with the same id.

#include "exchanges/binance/rest_client.hpp"

namespace osprey::binance {

struct PlacementPolicy {
    // Lookups and resends before giving up with the outcome still unknown.
    int attempts = 5;
};

Result<OrderReport> place_exactly_once(RestClient& rest, const OrderTicket& ticket,
                                       PlacementPolicy policy = {});

}  // namespace osprey::binance
