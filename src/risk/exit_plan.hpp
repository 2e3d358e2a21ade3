#pragma once
// How a position leaves the market: a stop, up to three targets, a trailing
// stop, and whether the stop moves to break-even after the first target.
//
// Levels are kept as fractions of the entry price, so they apply to the
// actual fill: for a long, stop = entry × (1 − f) and target = entry × (1 + f);
// a short mirrors both. The backtest contract's levels are the special case
// f = sl%/100 and f = tp%/100.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/side.hpp"
#include "core/signal.hpp"

namespace osprey::risk {

// What a user configures: percentages of the entry price; 0 disables one.
struct ExitRule {
    double stop_loss_pct = 0;
    double take_profit_pct = 0;
    double trailing_stop_pct = 0;
};

enum class AfterFirstTarget : std::uint8_t { KeepStop, StopToBreakEven };

struct ExitPlan {
    double stop_fraction = 0;                  // 0: no stop
    std::array<double, 3> target_fractions{};  // nearest first; 0: unused
    std::size_t target_count = 0;
    double trailing_fraction = 0;  // 0: no trailing stop
    AfterFirstTarget after_first_target = AfterFirstTarget::KeepStop;
};

ExitPlan plan_from_rule(const ExitRule& rule);

// The plan for a trade on `signal`: its own stop and targets, given as
// prices relative to `reference` (the signal's entry, else the close it was
// decided on), become fractions; whatever it leaves unset comes from `rule`.
// Three targets close a third each, and move the stop to break-even after
// the first.
ExitPlan plan_for_signal(const Signal& signal, double reference, PositionSide side,
                         const ExitRule& rule);

inline double stop_price(double entry, double fraction, PositionSide side) {
    return side == PositionSide::Long ? entry * (1.0 - fraction) : entry * (1.0 + fraction);
}

inline double target_price(double entry, double fraction, PositionSide side) {
    return side == PositionSide::Long ? entry * (1.0 + fraction) : entry * (1.0 - fraction);
}

}  // namespace osprey::risk
