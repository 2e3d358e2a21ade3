#pragma once
// A symbol's trading rules from exchangeInfo, and the exact rounding that
// makes an order pass them (protocols/binance-spot.md §3.1). Prices go to
// the nearest tick, quantities down to the step (never more than asked),
// all in decimals; the strings sent are plain ("0.00012", never "1.2e-4").

#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"

namespace osprey::binance {

struct SymbolRules {
    Symbol symbol;
    std::string base_asset;
    std::string quote_asset;
    bool trading = false;  // status TRADING
    // PRICE_FILTER (zero: that part is off)
    Price tick_size;
    Price min_price;
    Price max_price;
    // LOT_SIZE, and MARKET_LOT_SIZE for market orders (zero step: use LOT_SIZE)
    Quantity step_size;
    Quantity min_quantity;
    Quantity max_quantity;
    Quantity market_step_size;
    Quantity market_max_quantity;
    // MIN_NOTIONAL or NOTIONAL (zero max: no upper bound)
    Decimal min_notional;
    Decimal max_notional;
    int quote_precision = 8;
};

// Every symbol of an exchangeInfo answer.
Result<std::vector<SymbolRules>> parse_exchange_info(std::string_view json);

// The price on the tick grid nearest to `price`.
Price round_price(const SymbolRules& rules, Price price);
// The largest quantity on the step grid not above `quantity`.
Quantity floor_quantity(const SymbolRules& rules, Quantity quantity);
Quantity floor_market_quantity(const SymbolRules& rules, Quantity quantity);

// Checks a limit order (or a market order at a reference price) against
// every filter, naming the first it fails as Binance would (-1013).
Status check_order(const SymbolRules& rules, Price price, Quantity quantity);

}  // namespace osprey::binance
