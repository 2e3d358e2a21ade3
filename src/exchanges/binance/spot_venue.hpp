#pragma once
// The Venue port on Binance Spot, for one symbol: market orders placed
// exactly once (order_desk.hpp) with client order ids derived from the bot
// and the order sequence ("osp-<bot>-<sequence>").
//
// - An Open buy spends `quote_amount` (quoteOrderQty, floored to the quote
//   precision); an Open buy with a quantity, and every Close sell, send that
//   quantity floored to the market step.
// - Spot has no shorts: an Open sell is refused.
// - submit() blocks until Binance answers (or the lookup after a lost
//   answer does); the Fill or OrderRejected is then in events().
// - create() reconciles before anything is sent: it syncs the clock, reads
//   the symbol's filters, its open orders and the balances.
//
// Not yet: exchange-side protection for `exits` (stop and targets) and fees
// from the user-data stream; a fill's fee here is 0.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/ports/venue.hpp"
#include "exchanges/binance/rest_client.hpp"

namespace osprey::binance {

class SpotVenue final : public engine::Venue {
public:
    // Connects and reconciles (see above).
    static Result<std::unique_ptr<SpotVenue>> create(RestConfig config, Symbol symbol,
                                                     const engine::Clock& clock);
    // Over a client already in sync; create() is the usual way in.
    SpotVenue(RestClient rest, SymbolRules rules);

    Status submit(const engine::OrderRequest& order) override;

    std::span<const engine::VenueEvent> events() const { return events_; }

    void clear_events() { events_.clear(); }

    void take_events(std::vector<engine::VenueEvent>& out) override {
        out.insert(out.end(), events_.begin(), events_.end());
        events_.clear();
    }

    const SymbolRules& rules() const { return rules_; }

    // What reconciliation found at start.
    const std::vector<OrderReport>& open_orders_at_start() const { return open_at_start_; }

    const std::vector<Balance>& balances_at_start() const { return balances_at_start_; }

private:
    RestClient rest_;
    SymbolRules rules_;
    std::vector<OrderReport> open_at_start_;
    std::vector<Balance> balances_at_start_;
    std::vector<engine::VenueEvent> events_;
};

// "osp-<bot>-<sequence>": unique per order, inside Binance's id alphabet.
std::string client_order_id(const ClientOrderId& id);

}  // namespace osprey::binance
