#include "strategy/catalog.hpp"

#include <array>
#include <string>

#include <fmt/format.h>

#include "strategy/builtin/ema_cross.hpp"
#include "strategy/builtin/enhanced.hpp"
#include "strategy/builtin/scalp.hpp"
#include "strategy/builtin/signals.hpp"
#include "strategy/builtin/simple.hpp"
#include "strategy/builtin/volatile.hpp"

namespace osprey::strategy {

namespace {

constexpr std::array catalog = {
    builtin::ema_cross_info, builtin::volatile_info, builtin::simple_info,
    builtin::enhanced_info,  builtin::scalp_info,    builtin::signals_info,
};

}  // namespace

std::span<const StrategyInfo> builtin_strategies() {
    return catalog;
}

Result<const StrategyInfo*> find_strategy(std::string_view name) {
    std::string known;
    for (const StrategyInfo& info : catalog) {
        if (info.name == name) {
            return &info;
        }
        known += known.empty() ? "" : ", ";
        known += info.name;
    }
    return fail(ErrorCode::NotFound, fmt::format("unknown strategy '{}' (known: {})", name, known));
}

}  // namespace osprey::strategy
