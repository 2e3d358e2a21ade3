#pragma once
// Live bots' venues: the exchange a spec names, for its symbol, with the
// account's keys from the environment (never from the spec or the store,
// and never printed):
//
//   OSPREY_BINANCE_API_KEY, OSPREY_BINANCE_API_SECRET
//   OSPREY_BINANCE_BASE_URL   default https://api.binance.com (mainnet);
//                             the Spot testnet is https://testnet.binance.vision
//
// The bot's quantity step, minimum notional and fee come from the symbol's
// rules at the exchange, so its sizing passes the exchange's filters.
// Bybit bots are refused for now (a one-line error).

#include <memory>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "engine/ports/clock.hpp"
#include "engine/ports/venue.hpp"
#include "risk/sizing.hpp"
#include "server/bot_spec.hpp"

namespace osprey::app {

struct LiveVenue {
    std::unique_ptr<engine::Venue> venue;
    risk::SymbolFilters filters;
};

class LiveVenues {
public:
    // `clock`: the wall clock requests are signed with; it outlives this.
    explicit LiveVenues(const engine::Clock& clock) : clock_(&clock) {}

    // Connects and reconciles (blocking). An error names what is missing
    // or what the exchange answered.
    Result<LiveVenue> open(BotId id, const server::BotSpec& spec) const;

private:
    const engine::Clock* clock_;
};

}  // namespace osprey::app
