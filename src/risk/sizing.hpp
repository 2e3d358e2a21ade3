#pragma once
// Order sizing (DESIGN.md "Backtest fills", "Positions and sizing").

#include <cmath>

namespace osprey::risk {

// floor_to_step(q) = ⌊q/step + 1e-9⌋ × step. The tolerance absorbs binary
// rounding (0.3/0.1 is 2.9999999999999996 in doubles), exactly as the
// backtest contract states.
inline double floor_to_step(double quantity, double step) {
    return std::floor(quantity / step + 1e-9) * step;
}

// The largest step-multiple quantity that `cash` buys at `price` with the
// fee paid on top: floor_to_step(cash / (price × (1 + fee))).
inline double quantity_for_cash(double cash, double price, double fee_rate, double step) {
    return floor_to_step(cash / (price * (1.0 + fee_rate)), step);
}

}  // namespace osprey::risk
