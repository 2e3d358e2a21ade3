#pragma once
// The simulated venue of a backtest (and of paper trading): market orders
// and protective exits filled against candles under the exact rules of
// DESIGN.md "Backtest fills" (docs/backtesting.md). The runner drives it
// once per bar:
//
//   1. on_bar_open: the order decided at the previous close fills at this
//      bar's open. An entry spends its quote amount: qty = floor_to_step(
//      amount / (price × (1 + fee))), cost qty × price × (1 + fee); one that
//      floors to zero is rejected. An exit returns qty × price × (1 − fee)
//      for a long (a short mirrors it, see risk/position.hpp).
//   2. on_bar_range: the position's stop, targets and trailing stop. On a bar
//      after the entry bar an open at or beyond a level fills at the open (a
//      gap), stop first; otherwise the stop fills at its level when the bar
//      reaches it, else each target reached fills at its level, nearest
//      first. The stop is assumed to come first when a bar touches both. A
//      stop moved by a target or by trailing applies from the next bar.
//   3. close_at: what is still open after the last bar closes at its close
//      (reason `end`).
//
// Slippage (basis points) worsens market executions: entries, signal exits
// and stops. Targets are resting limit orders and `end` is a valuation, so
// neither slips.

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "core/candle.hpp"
#include "engine/ports/venue.hpp"
#include "risk/exit_plan.hpp"

namespace osprey::sim {

struct Costs {
    double fee_rate = 0.001;
    double step = 1e-8;
    double slippage_bps = 0;
    double min_notional = 0;  // entries worth less are rejected, as a venue would
};

class SimulatedVenue final : public engine::Venue {
public:
    explicit SimulatedVenue(const Costs& costs);

    Status submit(const engine::OrderRequest& order) override;
    void take_events(std::vector<engine::VenueEvent>& out) override;
    // on_bar_open, then on_bar_range: paper trading's bar.
    void on_bar(const Candle& bar) override;
    // The stop and first target come back from the plan; a trailing stop
    // restarts from the entry price (the best price seen is not stored).
    void resume(const std::optional<engine::HeldPosition>& held,
                const std::optional<engine::OrderRequest>& in_flight) override;

    void on_bar_open(const Candle& bar);
    void on_bar_range(const Candle& bar);
    void close_at(const Candle& last_bar);

    // What happened since the last clear_events(), in order.
    std::span<const engine::VenueEvent> events() const { return events_; }

    void clear_events() { events_.clear(); }

private:
    struct Holding {
        ClientOrderId entry_order;
        PositionSide side = PositionSide::Long;
        double quantity = 0;
        double entry_price = 0;
        Timestamp entry_bar;
        std::optional<double> stop;
        ExitReason stop_reason = ExitReason::StopLoss;
        std::array<double, 3> targets{};
        std::array<double, 3> target_quantities{};
        std::size_t target_count = 0;
        std::size_t next_target = 0;
        double trailing_fraction = 0;
        double best_price = 0;  // the highest high of a long, lowest low of a short
        risk::AfterFirstTarget after_first_target = risk::AfterFirstTarget::KeepStop;
    };

    void fill_entry(const engine::OrderRequest& order, const Candle& bar);
    Holding protect(const engine::OrderRequest& order, PositionSide side, double price,
                    double quantity, Timestamp at) const;
    void fill_exit(ClientOrderId id, double quantity, double price, Timestamp at,
                   ExitReason reason);
    bool fill_gaps(const Candle& bar);
    void fill_inside(const Candle& bar);
    void fill_target(double price, Timestamp at);
    void trail(const Candle& bar);

    // Slippage always makes the price worse for the side that trades.
    double slipped(double price, Side side) const {
        return side == Side::Buy ? price * (1.0 + slippage_) : price * (1.0 - slippage_);
    }

    Side exit_side() const { return holding_->side == PositionSide::Long ? Side::Sell : Side::Buy; }

    Costs costs_;
    double slippage_;
    std::optional<engine::OrderRequest> pending_;
    std::optional<Holding> holding_;
    std::vector<engine::VenueEvent> events_;
};

}  // namespace osprey::sim
