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
// - An order whose answer and every lookup were lost stays in flight (no
//   event): the next bar, or resume() after a restart, looks it up again
//   by its client order id. Filled: its Fill. Unknown to Binance: an
//   OrderRejected ("not found at the exchange after restart"), so the bot
//   may decide again. Still open: cancelled, since it was decided on a bar
//   long gone; what executed before the cancel is its Fill.
// - create() reconciles before anything is sent: it syncs the clock, reads
//   the symbol's filters, its open orders and the balances.
//
// - Fees: Binance takes them in the asset received, so a buy's position is
//   the quantity bought less the commission. The fill's fee comes from the
//   order answer's fills; a lookup has none, so `fee_rate` is assumed then.
//
// Not yet: exchange-side protection for `exits` (stop and targets).

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

    // Looks up an order still in flight (a lost answer) once per bar.
    void on_bar(const Candle& bar) override;

    // The store's order in flight is looked up on Binance (see above); the
    // held position is Binance's balance, so there is nothing to take back.
    void resume(const std::optional<engine::HeldPosition>& held,
                const std::optional<engine::OrderRequest>& in_flight) override;

    std::span<const engine::VenueEvent> events() const { return events_; }

    void clear_events() { events_.clear(); }

    void take_events(std::vector<engine::VenueEvent>& out) override {
        out.insert(out.end(), events_.begin(), events_.end());
        events_.clear();
    }

    const SymbolRules& rules() const { return rules_; }

    // The commission rate assumed when an answer does not tell the fee.
    void assume_fee_rate(double rate) { fee_rate_ = rate; }

    // What reconciliation found at start.
    const std::vector<OrderReport>& open_orders_at_start() const { return open_at_start_; }

    const std::vector<Balance>& balances_at_start() const { return balances_at_start_; }

    // The order whose outcome is still unknown, if any.
    const std::optional<engine::OrderRequest>& unresolved() const { return unresolved_; }

private:
    // What Binance says of `order` (placed or looked up), as an event.
    void report(const engine::OrderRequest& order, const OrderReport& placed);
    void resolve(std::string_view why_unknown);

    RestClient rest_;
    SymbolRules rules_;
    std::vector<OrderReport> open_at_start_;
    std::vector<Balance> balances_at_start_;
    std::vector<engine::VenueEvent> events_;
    std::optional<engine::OrderRequest> unresolved_;
    double fee_rate_ = 0.001;  // Binance's standard spot taker rate
};

// "osp-<bot>-<sequence>": unique per order, inside Binance's id alphabet.
std::string client_order_id(const ClientOrderId& id);

}  // namespace osprey::binance
