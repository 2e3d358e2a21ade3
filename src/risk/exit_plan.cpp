#include "risk/exit_plan.hpp"

#include <cmath>

namespace osprey::risk {

ExitPlan plan_from_rule(const ExitRule& rule) {
    ExitPlan plan;
    plan.stop_fraction = rule.stop_loss_pct / 100.0;
    if (rule.take_profit_pct > 0) {
        plan.target_fractions[0] = rule.take_profit_pct / 100.0;
        plan.target_count = 1;
    }
    plan.trailing_fraction = rule.trailing_stop_pct / 100.0;
    return plan;
}

ExitPlan plan_for_signal(const Signal& signal, double reference, PositionSide side,
                         const ExitRule& rule) {
    ExitPlan plan = plan_from_rule(rule);
    if (!(reference > 0)) {
        return plan;
    }
    const double direction = side == PositionSide::Long ? 1.0 : -1.0;
    if (std::isfinite(signal.stop)) {
        const double fraction = direction * (reference - signal.stop) / reference;
        if (fraction > 0) {
            plan.stop_fraction = fraction;
        }
    }
    std::size_t count = 0;
    for (const double target : signal.take_profit) {
        if (!std::isfinite(target)) {
            continue;
        }
        const double fraction = direction * (target - reference) / reference;
        const bool beyond_previous = count == 0 || fraction > plan.target_fractions[count - 1];
        if (fraction > 0 && beyond_previous) {
            plan.target_fractions[count++] = fraction;
        }
    }
    if (count > 0) {
        plan.target_count = count;
        plan.after_first_target =
            count > 1 ? AfterFirstTarget::StopToBreakEven : AfterFirstTarget::KeepStop;
    }
    return plan;
}

}  // namespace osprey::risk
