#pragma once
// One open position of one bot on one symbol, long or short, and the round
// trips it becomes as it is closed, whole or in parts (DESIGN.md "Positions
// and sizing": one position per bot and symbol).
//
// Accounting, per unit of quantity: a long costs entry × (1 + fee) and a
// sale returns exit × (1 − fee). A short locks the same collateral,
// entry × (1 + fee), and its close returns 2 × entry − exit less the exit
// fee, so its pnl is (entry − exit) less both fees: the long rules mirrored.

#include <optional>

#include "core/fill.hpp"
#include "core/side.hpp"

namespace osprey::risk {

class Position {
public:
    bool is_open() const { return open_.has_value(); }

    PositionSide side() const { return open_ ? open_->side : PositionSide::Long; }

    double quantity() const { return open_ ? open_->quantity : 0.0; }

    double entry_price() const { return open_ ? open_->entry.price : 0.0; }

    // The part of the entry cost not yet closed.
    double remaining_cost() const { return open_ ? open_->remaining_cost : 0.0; }

    // What the open quantity is worth at `price`, as cash on closing (no fee).
    double value_at(double price) const;

    // The open part's profit at `price` in % of its remaining cost (the
    // entry fee counts, the exit fee not); 0 while flat.
    double open_pnl_pct(double price) const {
        const double cost = remaining_cost();
        return cost > 0 ? (value_at(price) - cost) / cost * 100.0 : 0.0;
    }

    // The fill of a market order that opens the position (asserts flat).
    void open(const Fill& entry, PositionSide side);
    // A fill against the position (asserts open, and no more than held):
    // the closed part becomes a trade; the position stays open for the rest.
    ClosedTrade reduce(const Fill& exit);

private:
    struct Open {
        Fill entry;
        PositionSide side;
        double quantity;        // still open
        double remaining_cost;  // the part of the entry cost not yet closed
    };

    std::optional<Open> open_;
};

}  // namespace osprey::risk
