#pragma once
// A symbol's trading rules from GET /v5/market/instruments-info
// (protocols/bybit-v5.md §3.1), and the exact decimal rounding that makes an
// order pass them: quantities floor to the step (never more than was
// meant), limit prices round to the tick on the side that never pays more
// (buys down, sells up), and orders under the minimum quantity or notional
// are refused here, with the reason, before anything is sent.

#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"

namespace osprey::bybit {

struct InstrumentRules {
    Symbol symbol;
    Price tick_size;
    // linear: qtyStep; spot: basePrecision.
    Quantity quantity_step;
    // linear: minOrderQty; spot: 0 (minOrderQty is deprecated there).
    Quantity min_quantity;
    // Quote value: linear minNotionalValue, spot minOrderAmt.
    Decimal min_notional;

    Price round_price(Price price, Side side) const;
    Quantity round_quantity(Quantity quantity) const;
    // The quantity floored to the step, or why the order may not be sent
    // (zero after rounding, under the minimum quantity or notional).
    Result<Quantity> tradable_quantity(Quantity quantity, Price reference_price) const;
};

// Every row of an instruments-info response (a whole reply, envelope
// included), spot or linear shapes alike.
Result<std::vector<InstrumentRules>> parse_instruments(std::string_view reply);

}  // namespace osprey::bybit
