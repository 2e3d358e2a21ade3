#include "app/daemon/paper_factory.hpp"

#include <fmt/format.h>

#include "sim/simulated_venue.hpp"
#include "strategy/catalog.hpp"
#include "strategy/parameters.hpp"

namespace osprey::app {

Result<server::BotParts> PaperFactory::build(BotId id, const server::BotSpec& spec) {
    if (spec.mode == server::BotMode::Live && live_ == nullptr) {
        return fail(ErrorCode::InvalidArgument,
                    "mode: this daemon runs no live bots; create it as \"paper\"");
    }
    auto info = strategy::find_strategy(spec.strategy);
    if (!info) {
        return fail(ErrorCode::InvalidArgument, fmt::format("strategy: {}", info.error().message));
    }
    strategy::Parameters parameters((*info)->name, (*info)->parameters);
    for (const auto& [name, value] : spec.parameters) {
        if (Status set = parameters.set(name, value); !set) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("parameters.{}: {}", name, set.error().message));
        }
    }
    auto made = (*info)->make(parameters);
    if (!made) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("parameters: {}", made.error().message));
    }
    if (Status readable = engine::check_timeframes(**made, spec.timeframe,
                                                   fmt::format("strategy '{}'", spec.strategy));
        !readable) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("timeframe: {}", readable.error().message));
    }
    const sim::Costs costs{spec.fee, 1e-8, 0, 0};
    engine::BotConfig config{
        id,
        risk::ExitRule{spec.stop_loss_pct, spec.take_profit_pct, spec.trailing_stop_pct},
        engine::Shorting::Disabled,
        risk::Sizing{},
        risk::SymbolFilters{costs.step, costs.min_notional, costs.fee_rate},
        std::nullopt};
    config.sizing.amount = spec.amount.to_double();
    config.sizing.mode =
        spec.sizing == server::SizingChoice::RiskPercent  ? risk::SizingMode::RiskPercent
        : spec.sizing == server::SizingChoice::RiskAmount ? risk::SizingMode::RiskAmount
                                                          : risk::SizingMode::Amount;
    config.sizing.risk_pct = spec.risk_pct;
    config.sizing.risk_amount = spec.risk_amount;
    config.sizing.fee_aware = spec.fee_aware;
    config.sizing.compounding =
        spec.compounding ? risk::Compounding::Reinvest : risk::Compounding::FixedAmount;
    if (spec.mode == server::BotMode::Live) {
        auto live = live_->open(id, spec);
        if (!live) {
            return fail(live.error());
        }
        config.filters = live->filters;
        return server::BotParts{config, std::move(*made), std::move(live->venue)};
    }
    return server::BotParts{config, std::move(*made), std::make_unique<sim::SimulatedVenue>(costs)};
}

}  // namespace osprey::app
