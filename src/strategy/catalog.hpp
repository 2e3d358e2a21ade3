#pragma once
// The built-in strategies, by name.

#include <memory>
#include <span>
#include <string_view>

#include "strategy/strategy.hpp"

namespace osprey::strategy {

std::span<const StrategyInfo> builtin_strategies();

// The strategy of that name, or a NotFound error that lists the known ones.
Result<const StrategyInfo*> find_strategy(std::string_view name);

}  // namespace osprey::strategy
