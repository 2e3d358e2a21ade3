#pragma once
// The real UTC time, for signing requests to a live venue. Engine and
// strategy code never read it: they get time through engine::Clock, and this
// is the implementation a live adapter is handed.

#include "engine/ports/clock.hpp"

namespace osprey::bybit {

class WallClock final : public engine::Clock {
public:
    Timestamp now() const override;
};

}  // namespace osprey::bybit
