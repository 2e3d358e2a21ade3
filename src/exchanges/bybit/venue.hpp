#pragma once
// Bybit behind the engine's Venue port (engine/ports/venue.hpp): one venue
// per symbol and market (spot or linear), over the REST client and the
// private stream.
//
// Orders are never placed twice. Each order's orderLinkId comes from its
// ClientOrderId and is recorded before the request goes out. When the
// answer is lost (timeout, dropped connection), the order is looked up by
// that id, and resent only if the venue never saw it. After the private
// stream reconnects, every order not known to be final is looked up, and
// balances and the position are read again, before the next order is sent.
// Fills missed while disconnected are rebuilt from the order's filled
// quantity.
//
// Threads: submit(), reconcile() and take_events() belong to the engine
// thread; the private stream runs on its own and only queues events.

#include <memory>
#include <optional>
#include <vector>

#include "engine/ports/clock.hpp"
#include "engine/ports/venue.hpp"
#include "exchanges/bybit/private_stream.hpp"
#include "exchanges/bybit/rest_client.hpp"

namespace osprey::bybit {

struct VenueOptions {
    Category category = Category::Linear;
    Symbol symbol;
    RestOptions rest;
    PrivateStreamOptions stream;
};

class BybitVenue final : public engine::Venue {
public:
    // Connects, syncs the clock, reads the symbol's filters, reconciles and
    // starts the private stream. Bad credentials fail here, once, clearly.
    static Result<std::unique_ptr<BybitVenue>> open(VenueOptions options, Credentials credentials,
                                                    const engine::Clock& clock);
    ~BybitVenue() override;
    BybitVenue(const BybitVenue&) = delete;
    BybitVenue& operator=(const BybitVenue&) = delete;
    BybitVenue(BybitVenue&&) = delete;
    BybitVenue& operator=(BybitVenue&&) = delete;

    Status submit(const engine::OrderRequest& order) override;

    // The price an open order's quote amount and exits are sized at (the
    // last close the engine saw).
    void set_reference_price(double price);

    // Fills and rejections since the last call, in arrival order.
    void take_events(std::vector<engine::VenueEvent>& out) override;

    // Looks up every order not known final; reads balances and the position.
    Status reconcile();

    const InstrumentRules& rules() const;
    std::optional<Error> stream_error() const;
    // Quote coin balance and position as last read by reconcile().
    Decimal quote_balance() const;
    PositionReport position() const;

    struct State;
    // Through open(); State is private, so no one else can call it.
    explicit BybitVenue(std::unique_ptr<State> state);

private:
    std::unique_ptr<State> state_;
};

}  // namespace osprey::bybit
