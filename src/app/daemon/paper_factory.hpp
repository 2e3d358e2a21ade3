#pragma once
// Builds a daemon bot from its spec: the strategy from the catalog with the
// spec's parameters, the bot's settings, and its venue. Paper bots get a
// simulated venue of their own, filling under the backtest's rules.

#include "server/bot_service.hpp"

namespace osprey::app {

class PaperFactory final : public server::BotFactory {
public:
    Result<server::BotParts> build(BotId id, const server::BotSpec& spec) override;
};

}  // namespace osprey::app
