#include "sim/simulated_venue.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "risk/sizing.hpp"

namespace osprey::sim {

namespace {

bool beyond_stop(double price, double stop, PositionSide side) {
    return side == PositionSide::Long ? price <= stop : price >= stop;
}

bool beyond_target(double price, double target, PositionSide side) {
    return side == PositionSide::Long ? price >= target : price <= target;
}

}  // namespace

SimulatedVenue::SimulatedVenue(const Costs& costs)
    : costs_(costs), slippage_(costs.slippage_bps / 10'000.0) {
    OSPREY_ASSERT(costs.fee_rate >= 0 && costs.fee_rate < 1, "fee rate out of range");
    OSPREY_ASSERT(costs.step > 0, "quantity step must be positive");
    OSPREY_ASSERT(costs.slippage_bps >= 0, "slippage must not be negative");
    events_.reserve(8);
}

Status SimulatedVenue::submit(const engine::OrderRequest& order) {
    if (pending_) {
        return fail(ErrorCode::Conflict, "an order is already waiting for the next open");
    }
    if (order.intent == engine::OrderIntent::Open && holding_) {
        return fail(ErrorCode::Rejected, "a position is already open");
    }
    if (order.intent == engine::OrderIntent::Close
        && (!holding_ || order.side != exit_side() || order.quantity <= 0
            || order.quantity > holding_->quantity)) {
        return fail(ErrorCode::Rejected, "a close must reduce the open position");
    }
    pending_ = order;
    return {};
}

void SimulatedVenue::take_events(std::vector<engine::VenueEvent>& out) {
    out.insert(out.end(), events_.begin(), events_.end());
    events_.clear();
}

void SimulatedVenue::on_bar(const Candle& bar) {
    on_bar_open(bar);
    on_bar_range(bar);
}

void SimulatedVenue::resume(const std::optional<engine::HeldPosition>& held,
                            const std::optional<engine::OrderRequest>& in_flight) {
    holding_.reset();
    pending_ = in_flight;
    if (held) {
        engine::OrderRequest entry;
        entry.id = held->entry_order;
        entry.exits = held->exits;
        holding_ = protect(entry, held->side, held->entry_price, held->quantity, held->opened);
    }
}

void SimulatedVenue::on_bar_open(const Candle& bar) {
    if (!pending_) {
        return;
    }
    const engine::OrderRequest order = *pending_;
    pending_.reset();
    if (order.intent == engine::OrderIntent::Open) {
        fill_entry(order, bar);
    } else {
        fill_exit(order.id, order.quantity, slipped(bar.open, order.side), bar.open_time,
                  ExitReason::Signal);
    }
}

void SimulatedVenue::fill_entry(const engine::OrderRequest& order, const Candle& bar) {
    const double price = slipped(bar.open, order.side);
    double quantity =
        risk::quantity_for_cash(order.quote_amount, price, costs_.fee_rate, costs_.step);
    if (order.quantity > 0) {  // the most a risk-sized entry wants
        quantity = std::min(quantity, order.quantity);
    }
    if (quantity > 0 && quantity * price < costs_.min_notional) {
        events_.emplace_back(engine::OrderRejected{
            order.id, Error{ErrorCode::Rejected,
                            fmt::format("entry of {} at {} is below the minimum notional of {}",
                                        quantity, price, costs_.min_notional)}});
        return;
    }
    if (quantity <= 0) {
        events_.emplace_back(engine::OrderRejected{
            order.id, Error{ErrorCode::InsufficientFunds,
                            fmt::format("entry of {} quote at {} is less than one step of {}",
                                        order.quote_amount, price, costs_.step)}});
        return;
    }
    const double notional = quantity * price;
    events_.emplace_back(Fill{order.id, order.side, bar.open_time, price, quantity,
                              notional * (1.0 + costs_.fee_rate), notional * costs_.fee_rate,
                              ExitReason::Signal});
    const PositionSide side = order.side == Side::Buy ? PositionSide::Long : PositionSide::Short;
    holding_ = protect(order, side, price, quantity, bar.open_time);
}

SimulatedVenue::Holding SimulatedVenue::protect(const engine::OrderRequest& order,
                                                PositionSide side, double price, double quantity,
                                                Timestamp at) const {
    const risk::ExitPlan& plan = order.exits;
    Holding h;
    h.entry_order = order.id;
    h.side = side;
    h.quantity = quantity;
    h.entry_price = price;
    h.entry_bar = at;
    if (plan.stop_fraction > 0) {
        h.stop = risk::stop_price(price, plan.stop_fraction, side);
    }
    h.target_count = plan.target_count;
    // A third (or a half) at each target, in whole steps; the last takes the rest.
    const double share = risk::floor_to_step(
        quantity / static_cast<double>(std::max<std::size_t>(plan.target_count, 1)), costs_.step);
    double left = quantity;
    for (std::size_t i = 0; i < plan.target_count; ++i) {
        h.targets[i] = risk::target_price(price, plan.target_fractions[i], side);
        const bool last = i + 1 == plan.target_count || share <= 0;
        h.target_quantities[i] = last ? left : share;
        left -= h.target_quantities[i];
        if (last) {
            h.target_count = i + 1;
            break;
        }
    }
    h.trailing_fraction = plan.trailing_fraction;
    h.best_price = price;
    h.after_first_target = plan.after_first_target;
    return h;
}

void SimulatedVenue::fill_exit(ClientOrderId id, double quantity, double price, Timestamp at,
                               ExitReason reason) {
    OSPREY_ASSERT(holding_.has_value(), "the venue closes only what it holds");
    const Side side = exit_side();
    const double notional = quantity * price;
    const double fee = notional * costs_.fee_rate;
    // A short returns its collateral plus (entry − exit) per unit.
    const double gross = holding_->side == PositionSide::Long
                             ? notional
                             : quantity * (2.0 * holding_->entry_price - price);
    events_.emplace_back(Fill{
        id, side, at, price, quantity,
        holding_->side == PositionSide::Long ? notional * (1.0 - costs_.fee_rate) : gross - fee,
        fee, reason});
    holding_->quantity -= quantity;
    if (holding_->quantity <= 0) {
        holding_.reset();
    }
}

void SimulatedVenue::on_bar_range(const Candle& bar) {
    if (!holding_) {
        return;
    }
    if (bar.open_time > holding_->entry_bar && fill_gaps(bar)) {
        return;
    }
    if (holding_) {
        fill_inside(bar);
    }
    if (holding_) {
        trail(bar);
    }
}

bool SimulatedVenue::fill_gaps(const Candle& bar) {
    Holding& h = *holding_;
    if (h.stop && beyond_stop(bar.open, *h.stop, h.side)) {
        fill_exit(h.entry_order, h.quantity, slipped(bar.open, exit_side()), bar.open_time,
                  h.stop_reason);
        return true;
    }
    while (holding_ && holding_->next_target < holding_->target_count
           && beyond_target(bar.open, holding_->targets[holding_->next_target], holding_->side)) {
        fill_target(bar.open, bar.open_time);
    }
    return !holding_;
}

void SimulatedVenue::fill_inside(const Candle& bar) {
    Holding& h = *holding_;
    const double adverse = h.side == PositionSide::Long ? bar.low : bar.high;
    const double favourable = h.side == PositionSide::Long ? bar.high : bar.low;
    if (h.stop && beyond_stop(adverse, *h.stop, h.side)) {
        fill_exit(h.entry_order, h.quantity, slipped(*h.stop, exit_side()), bar.open_time,
                  h.stop_reason);
        return;
    }
    while (holding_ && holding_->next_target < holding_->target_count
           && beyond_target(favourable, holding_->targets[holding_->next_target], holding_->side)) {
        fill_target(holding_->targets[holding_->next_target], bar.open_time);
    }
}

void SimulatedVenue::fill_target(double price, Timestamp at) {
    Holding& h = *holding_;
    const std::size_t index = h.next_target++;
    const bool first = index == 0;
    const bool break_even =
        first && h.after_first_target == risk::AfterFirstTarget::StopToBreakEven;
    const double entry = h.entry_price;
    fill_exit(h.entry_order, std::min(h.target_quantities[index], h.quantity), price, at,
              ExitReason::TakeProfit);
    if (holding_ && break_even) {
        holding_->stop = entry;
        holding_->stop_reason = ExitReason::StopLoss;
    }
}

void SimulatedVenue::trail(const Candle& bar) {
    Holding& h = *holding_;
    if (h.trailing_fraction <= 0) {
        return;
    }
    h.best_price = h.side == PositionSide::Long ? std::max(h.best_price, bar.high)
                                                : std::min(h.best_price, bar.low);
    const double trailed = risk::stop_price(h.best_price, h.trailing_fraction, h.side);
    const bool tighter =
        !h.stop || (h.side == PositionSide::Long ? trailed > *h.stop : trailed < *h.stop);
    if (tighter) {
        h.stop = trailed;
        h.stop_reason = ExitReason::TrailingStop;
    }
}

void SimulatedVenue::close_at(const Candle& last_bar) {
    if (holding_) {
        fill_exit(holding_->entry_order, holding_->quantity, last_bar.close, last_bar.open_time,
                  ExitReason::End);
    }
}

}  // namespace osprey::sim
