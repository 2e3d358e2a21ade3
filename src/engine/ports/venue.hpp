#pragma once
// The Venue port: where a bot's orders go. The simulated venue (sim/), and
// later Binance and Bybit (exchanges/), implement it; the engine sees only
// this interface, so strategy and bot code is the same in every mode.
//
// Submitting only hands the order over. What happened to it arrives later as
// a VenueEvent (a fill or a rejection), delivered to the engine thread.

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "core/candle.hpp"
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

// A position a venue holds for a bot, as the store remembers it: what a
// restarted daemon gives back to a venue that keeps positions itself (the
// simulated one, with its stop and targets). `opened` is the entry fill's
// time; the exit plan is relative to `entry_price`.
struct HeldPosition {
    ClientOrderId entry_order;
    PositionSide side = PositionSide::Long;
    double quantity = 0;
    double entry_price = 0;
    Timestamp opened;
    risk::ExitPlan exits;
};

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

    // Moves what happened since the last call into `out`, oldest first.
    virtual void take_events(std::vector<VenueEvent>& out) = 0;

    // A closed bar of the symbol this venue trades for its bot, before the
    // bot sees it. The simulated venue fills against it (its open, then its
    // range: DESIGN.md "Backtest fills"); a real venue has the exchange's
    // own fills and ignores it.
    virtual void on_bar(const Candle& bar) { static_cast<void>(bar); }

    // After a restart: the position and the order in flight that the store
    // remembers. A venue that keeps its own positions takes them back; a
    // real venue reconciles with the exchange instead and ignores this.
    virtual void resume(const std::optional<HeldPosition>& held,
                        const std::optional<OrderRequest>& in_flight) {
        static_cast<void>(held);
        static_cast<void>(in_flight);
    }
};

}  // namespace osprey::engine
