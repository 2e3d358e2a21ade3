#pragma once
// Builds a daemon bot from its spec: the strategy from the catalog with the
// spec's parameters, the bot's settings, and its venue. Paper bots get a
// simulated venue of their own, filling under the backtest's rules; live
// bots get the exchange's (live_venues.hpp), when the daemon was given one.

#include "app/daemon/live_venues.hpp"
#include "server/bot_service.hpp"

namespace osprey::app {

class PaperFactory final : public server::BotFactory {
public:
    // No `live`: live bots are refused.
    explicit PaperFactory(const LiveVenues* live = nullptr) : live_(live) {}

    Result<server::BotParts> build(BotId id, const server::BotSpec& spec) override;

private:
    const LiveVenues* live_;
};

}  // namespace osprey::app
