#pragma once
// The Venue port: where a bot's orders go. The simulated venue (sim/), and
// later Binance and Bybit (exchanges/), implement it; the engine sees only
// this interface, so strategy and bot code is the same in every mode.
//
// Submitting only hands the order over. What happened to it arrives later as
// a VenueEvent (a fill or a rejection), delivered to the engine thread.

#include <cstdint>
#include <variant>

#include "core/error.hpp"
#include "core/fill.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "risk/exit_plan.hpp"

namespace osprey::engine {

// Whether a market order opens a position or closes (part of) one.
enum class OrderIntent : std::uint8_t { Open, Close };

struct OrderRequest {
    ClientOrderId id;
    Side side = Side::Buy;
    OrderIntent intent = OrderIntent::Open;
    // Open: spend (or lock) at most this much quote, fee included; the venue
    // picks the quantity at the fill price.
    double quote_amount = 0;
    // Close: this much of the open position. Open: at most this much
    // (0: whatever quote_amount buys), so a risk-sized entry keeps its risk
    // when the fill price is lower than expected.
    double quantity = 0;
    // Open: the stop, targets and trailing stop the venue attaches to the
    // new position (exchange-side protection), relative to the fill price.
    risk::ExitPlan exits;
};

struct OrderRejected {
    ClientOrderId id;
    Error error;
};

using VenueEvent = std::variant<Fill, OrderRejected>;

class Venue {
public:
    virtual ~Venue() = default;
    Venue() = default;
    Venue(const Venue&) = delete;
    Venue& operator=(const Venue&) = delete;
    Venue(Venue&&) = delete;
    Venue& operator=(Venue&&) = delete;

    // Accepts the order for execution, or refuses it outright.
    virtual Status submit(const OrderRequest& order) = 0;
};

}  // namespace osprey::engine
