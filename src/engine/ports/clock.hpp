#pragma once
// The Clock port: the only way engine code learns the time. A backtest
// advances a simulated clock with the data; live trading reads the system
// clock through an implementation above the engine. Strategies never see it.

#include "core/timestamp.hpp"

namespace osprey::engine {

class Clock {
public:
    virtual ~Clock() = default;
    Clock() = default;
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;
    Clock(Clock&&) = delete;
    Clock& operator=(Clock&&) = delete;

    virtual Timestamp now() const = 0;
};

// Time that moves only when told to: backtests and tests.
class SimulatedClock final : public Clock {
public:
    Timestamp now() const override { return now_; }

    void advance_to(Timestamp at) { now_ = at; }

private:
    Timestamp now_;
};

}  // namespace osprey::engine
