#pragma once
// An execution reported by a venue, and a closed round trip.

#include "core/ids.hpp"
#include "core/side.hpp"
#include "core/timestamp.hpp"

namespace osprey {

struct Fill {
    ClientOrderId order;
    Side side = Side::Buy;
    Timestamp time;
    double price = 0;
    double quantity = 0;
    // Cash that moved, fee included: what an entry cost (or locked), what an
    // exit returned.
    double quote_amount = 0;
    double fee = 0;
    // Why an exit happened (meaningless for an entry).
    ExitReason exit_reason = ExitReason::Signal;
};

struct ClosedTrade {
    Timestamp entry_time;
    double entry_price = 0;
    Timestamp exit_time;
    double exit_price = 0;
    double quantity = 0;    // negative for a short
    double entry_cost = 0;  // quote spent (or locked, for a short), fee included
    double pnl = 0;         // proceeds after fee minus entry cost
    ExitReason exit_reason = ExitReason::Signal;

    double return_pct() const { return entry_cost > 0 ? pnl / entry_cost * 100.0 : 0.0; }
};

}  // namespace osprey
