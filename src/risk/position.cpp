#include "risk/position.hpp"

#include "core/assert.hpp"

namespace osprey::risk {

double Position::value_at(double price) const {
    if (!open_) {
        return 0.0;
    }
    const double unit =
        open_->side == PositionSide::Long ? price : 2.0 * open_->entry.price - price;
    return open_->quantity * unit;
}

void Position::open(const Fill& entry, PositionSide side) {
    OSPREY_ASSERT(!open_, "an entry fill arrived for a position that is already open");
    OSPREY_ASSERT((side == PositionSide::Long) == (entry.side == Side::Buy),
                  "a long opens with a buy, a short with a sell");
    open_ = Open{entry, side, entry.quantity, entry.quote_amount};
}

ClosedTrade Position::reduce(const Fill& exit) {
    OSPREY_ASSERT(open_.has_value(), "an exit fill arrived while flat");
    OSPREY_ASSERT((open_->side == PositionSide::Long) == (exit.side == Side::Sell),
                  "a long closes with a sell, a short with a buy");
    OSPREY_ASSERT(exit.quantity > 0 && exit.quantity <= open_->quantity,
                  "an exit fill closes at most what is open");
    // Closing everything takes the whole remaining cost, so a single exit
    // uses the entry cost exactly as the backtest contract states.
    const bool closes_all = exit.quantity == open_->quantity;
    const double cost = closes_all
                            ? open_->remaining_cost
                            : open_->entry.quote_amount * (exit.quantity / open_->entry.quantity);
    const double signed_quantity =
        open_->side == PositionSide::Long ? exit.quantity : -exit.quantity;
    const ClosedTrade trade{
        open_->entry.time,        open_->entry.price, exit.time, exit.price, signed_quantity, cost,
        exit.quote_amount - cost, exit.exit_reason};
    if (closes_all) {
        open_.reset();
    } else {
        open_->quantity -= exit.quantity;
        open_->remaining_cost -= cost;
    }
    return trade;
}

}  // namespace osprey::risk
