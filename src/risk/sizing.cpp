#include "risk/sizing.hpp"

#include <algorithm>

namespace osprey::risk {

namespace {

// Quote lost per unit when the stop is hit: the price move, plus both fees
// when sizing is fee-aware (the exit fee is paid at the stop price).
double loss_per_unit(const Sizing& sizing, const SymbolFilters& filters,
                     const EntryRequest& request) {
    const double move = request.price * request.stop_fraction;
    if (!sizing.fee_aware) {
        return move;
    }
    const double stop =
        request.side == PositionSide::Long ? request.price - move : request.price + move;
    return move + filters.fee_rate * (request.price + stop);
}

}  // namespace

EntrySize size_entry(const Sizing& sizing, const SymbolFilters& filters,
                     const EntryRequest& request) {
    EntrySize size;
    if (!(request.price > 0) || !(request.spendable > 0)) {
        size.refused = refusal_below_step;
        return size;
    }
    const double fee = filters.fee_rate;
    // The exit fee an amount must also cover when sizing is fee-aware.
    const double exit_fee = sizing.fee_aware ? fee : 0.0;
    const double affordable =
        quantity_for_cash(request.spendable, request.price, fee + exit_fee, filters.step);
    if (sizing.mode == SizingMode::Amount) {
        size.quantity = affordable;
        // Spending the whole amount lets the venue size at the fill price,
        // exactly as the backtest contract states; fee-aware keeps the
        // exit fee back.
        size.budget =
            sizing.fee_aware ? size.quantity * request.price * (1.0 + fee) : request.spendable;
    } else {
        if (!(request.stop_fraction > 0)) {
            size.refused = refusal_no_stop;
            return size;
        }
        const double risk = sizing.mode == SizingMode::RiskPercent
                                ? request.equity * sizing.risk_pct / 100.0
                                : sizing.risk_amount;
        const double wanted =
            floor_to_step(risk / loss_per_unit(sizing, filters, request), filters.step);
        size.quantity = std::min(wanted, affordable);
        size.budget = size.quantity * request.price * (1.0 + fee);
    }
    if (!(size.quantity > 0)) {
        size.refused = refusal_below_step;
    } else if (size.quantity * request.price < filters.min_notional) {
        size.refused = refusal_below_min_notional;
    }
    return size;
}

}  // namespace osprey::risk
