#include "exchanges/bybit/wall_clock.hpp"

#include <ctime>

namespace osprey::bybit {

Timestamp WallClock::now() const {
    std::timespec spec{};
    std::timespec_get(&spec, TIME_UTC);
    return Timestamp::from_nanos(static_cast<std::int64_t>(spec.tv_sec) * 1'000'000'000
                                 + spec.tv_nsec);
}

}  // namespace osprey::bybit
