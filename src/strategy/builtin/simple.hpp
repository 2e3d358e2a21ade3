#pragma once
// simple: balanced, conservative trend following with few, careful entries
// (docs/strategies.md). The trend is up when the fast EMA is above the slow
// one and the close is above the slow EMA.
//   BUY  in an up-trend, when RSI climbs back through `pullback_rsi` from
//        below: a pullback that has ended;
//   SELL when the trend ends (the fast EMA crosses below the slow one) or
//        RSI climbs through `exit_rsi` (exhaustion).
// Long-only in spirit: its SELL is an exit. Trades on the data's timeframe.

#include <array>
#include <memory>

#include "indicators/moving_average.hpp"
#include "indicators/rsi.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

struct SimpleSettings {
    double pullback_rsi = 45;
    double exit_rsi = 75;
};

struct SimpleView {
    double close = 0;
    double fast = 0;
    double slow = 0;
    double rsi = 0;
    double previous_fast = 0;
    double previous_slow = 0;
    double previous_rsi = 0;
};

void simple_rules(const SimpleView& view, const SimpleSettings& settings, Signal& signal);

class Simple final : public Strategy {
public:
    explicit Simple(const Parameters& parameters);

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override;

private:
    SimpleSettings settings_;
    indicators::Ema fast_;
    indicators::Ema slow_;
    indicators::Rsi rsi_;
    double previous_fast_ = indicators::no_value;
    double previous_slow_ = indicators::no_value;
    double previous_rsi_ = indicators::no_value;
};

inline constexpr std::array<ParameterSpec, 5> simple_parameters = {{
    {"fast", ParameterKind::Integer, 50, 5, 200, "fast EMA of the trend"},
    {"slow", ParameterKind::Integer, 200, 20, 500, "slow EMA of the trend"},
    {"rsi_period", ParameterKind::Integer, 14, 2, 100, "RSI period"},
    {"pullback_rsi", ParameterKind::Real, 45, 20, 60, "RSI level a pullback climbs back through"},
    {"exit_rsi", ParameterKind::Real, 75, 55, 95, "RSI level that takes the profit"},
}};

Result<std::unique_ptr<Strategy>> make_simple(const Parameters& parameters);

inline constexpr StrategyInfo simple_info{
    "simple",
    "conservative trend following: buy the end of a pullback in an up-trend, exit when it ends",
    simple_parameters,
    &make_simple,
};

}  // namespace osprey::strategy::builtin
