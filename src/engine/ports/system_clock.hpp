#pragma once
// The live Clock: the system's UTC wall clock. Live adapters sign requests
// with it and venues check those times, so it must be the real time; tests
// and backtests use SimulatedClock instead.

#include <chrono>

#include "engine/ports/clock.hpp"

namespace osprey::engine {

class SystemClock final : public Clock {
public:
    Timestamp now() const override {
        const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        return Timestamp::from_nanos(
            std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
    }
};

}  // namespace osprey::engine
