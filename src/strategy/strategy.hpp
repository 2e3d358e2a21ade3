#pragma once
// The Strategy interface (DESIGN.md "Strategies"): a strategy sees closed
// bars and says BUY, SELL or HOLD with a reason, optional levels and named
// features. It never reads the clock or the network, so the same code is
// deterministic in a backtest, paper and live.
//
// The engine, not the strategy, knows the position: a BUY while long or a
// SELL while flat is ignored there, so simple strategies need no state
// beyond their indicators.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/signal.hpp"
#include "core/timeframe.hpp"
#include "strategy/parameters.hpp"

namespace osprey::strategy {

// A bar that has closed, of one of the timeframes the strategy reads.
// (An aggregate: clang-tidy 14 mistakes it for a class whose constructor
// leaves `timeframe` unset.)
struct ClosedBar {  // NOLINT(cppcoreguidelines-pro-type-member-init)
    Timeframe timeframe;
    const Candle& candle;
};

class Strategy {
public:
    virtual ~Strategy() = default;
    Strategy() = default;
    Strategy(const Strategy&) = delete;
    Strategy& operator=(const Strategy&) = delete;
    Strategy(Strategy&&) = delete;
    Strategy& operator=(Strategy&&) = delete;

    // Called once per closed bar. `signal` arrives cleared to HOLD; the
    // strategy fills it in place (an out-parameter by design: a Signal
    // carries a fixed feature array, and filling it in place keeps the
    // per-bar cost at a few stores instead of a 600-byte copy).
    virtual void on_bar_closed(const ClosedBar& bar, Signal& signal) = 0;

    // The timeframes it reads, the one it trades on first; the engine builds
    // them from the data and hands over each bar once it has closed. Empty:
    // it trades on the data's own timeframe.
    virtual std::vector<Timeframe> timeframes() const { return {}; }
};

// What `osprey strategies` lists, and how to make one.
struct StrategyInfo {
    std::string_view name;
    std::string_view summary;
    std::span<const ParameterSpec> parameters;
    Result<std::unique_ptr<Strategy>> (*make)(const Parameters& parameters);
};

}  // namespace osprey::strategy
