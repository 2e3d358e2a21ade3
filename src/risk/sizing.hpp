#pragma once
// Order sizing (DESIGN.md "Backtest fills", "Positions and sizing"): how
// much an entry buys, in one of three modes, and when it is too small to
// send at all.

#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/side.hpp"

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

enum class SizingMode : std::uint8_t {
    Amount,       // spend a quote amount (0: all the cash the bot may use)
    RiskPercent,  // lose risk_pct % of equity if the stop is hit
    RiskAmount,   // lose risk_amount quote if the stop is hit
};

enum class Compounding : std::uint8_t { Reinvest, FixedAmount };

struct Sizing {
    SizingMode mode = SizingMode::Amount;
    // Amount mode: quote per entry; 0 means all of the bot's cash.
    double amount = 0;
    double risk_pct = 1.0;
    double risk_amount = 0;
    // Count the entry and the exit fee: in the risk modes a stop-out then
    // loses the stated risk fees included; in Amount mode the amount also
    // covers the exit fee.
    bool fee_aware = false;
    // Reinvest: later entries use the amount plus the bot's realized profit
    // (its own proceeds, never another bot's cash). FixedAmount: always the
    // amount.
    Compounding compounding = Compounding::Reinvest;
};

// What the venue allows for the symbol and charges for it.
struct SymbolFilters {
    double step = 1e-8;       // quantity step
    double min_notional = 0;  // smallest quantity × price an order may have
    double fee_rate = 0.001;  // per side
};

// Why an entry was not sent; static text, fit for a report.
inline constexpr std::string_view refusal_no_stop = "risk sizing needs a stop loss";
inline constexpr std::string_view refusal_below_step = "size below the quantity step";
inline constexpr std::string_view refusal_below_min_notional = "size below the minimum notional";

struct EntrySize {
    double budget = 0;  // quote to spend (or lock), fee included, at `price`
    double quantity = 0;
    std::string_view refused;  // empty when the entry may be sent
};

struct EntryRequest {
    PositionSide side = PositionSide::Long;
    double price = 0;          // the expected fill price
    double stop_fraction = 0;  // distance to the stop as a fraction of price; 0: none
    double equity = 0;         // what RiskPercent takes its percentage of
    double spendable = 0;      // the most this entry may spend: cash, slot share or amount
};

// The size of an entry. Amount mode spends `spendable` whole (the backtest
// contract); the risk modes buy risk ÷ (loss per unit at the stop), at most
// what `spendable` buys. Either way the quantity is floored to the step,
// and an entry below one step or the minimum notional is refused.
EntrySize size_entry(const Sizing& sizing, const SymbolFilters& filters,
                     const EntryRequest& request);

}  // namespace osprey::risk
