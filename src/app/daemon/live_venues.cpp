#include "app/daemon/live_venues.hpp"

#include <cstdlib>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "exchanges/binance/spot_venue.hpp"

namespace osprey::app {

namespace {

// An environment variable, empty when unset. Read when a live bot starts;
// nothing in the daemon sets the environment, so no write races this.
std::string environment(const char* name) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): see above
    return value == nullptr ? std::string() : std::string(value);
}

Result<binance::RestConfig> binance_config() {
    binance::RestConfig config;
    config.credentials.api_key = environment("OSPREY_BINANCE_API_KEY");
    config.credentials.secret = environment("OSPREY_BINANCE_API_SECRET");
    for (const auto& [name, value] :
         {std::pair{"OSPREY_BINANCE_API_KEY", &config.credentials.api_key},
          std::pair{"OSPREY_BINANCE_API_SECRET", &config.credentials.secret}}) {
        if (value->empty()) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("live binance bots need {} in the environment", name));
        }
    }
    config.base_url = environment("OSPREY_BINANCE_BASE_URL");
    if (config.base_url.empty()) {
        config.base_url = std::string(binance::mainnet_rest_url);
    }
    return config;
}

}  // namespace

Result<LiveVenue> LiveVenues::open(BotId id, const server::BotSpec& spec) const {
    static_cast<void>(id);  // Binance's client order ids carry it already
    if (spec.exchange != "binance") {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("exchange: live bots on {} are not run by the daemon yet "
                                "(binance is)",
                                spec.exchange));
    }
    auto config = binance_config();
    if (!config) {
        return fail(config.error());
    }
    auto venue = binance::SpotVenue::create(std::move(*config), spec.symbol, *clock_);
    if (!venue) {
        return fail(venue.error().code,
                    fmt::format("binance {}: {}", spec.symbol.view(), venue.error().message));
    }
    (*venue)->assume_fee_rate(spec.fee);
    const binance::SymbolRules& rules = (*venue)->rules();
    const Quantity step =
        rules.market_step_size.is_zero() ? rules.step_size : rules.market_step_size;
    LiveVenue live{std::move(*venue), risk::SymbolFilters{}};
    live.filters.step = step.is_zero() ? 1e-8 : step.to_double();
    live.filters.min_notional = rules.min_notional.to_double();
    live.filters.fee_rate = spec.fee;
    return live;
}

}  // namespace osprey::app
