#include "strategy/builtin/ema_cross.hpp"

#include <fmt/format.h>

namespace osprey::strategy::builtin {

Result<std::unique_ptr<Strategy>> make_ema_cross(const Parameters& parameters) {
    const int fast = parameters.get_int("fast");
    const int slow = parameters.get_int("slow");
    if (fast >= slow) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("strategy 'ema_cross': parameter 'fast' ({}) must be less than "
                                "'slow' ({})",
                                fast, slow));
    }
    return std::unique_ptr<Strategy>(std::make_unique<EmaCross>(fast, slow));
}

}  // namespace osprey::strategy::builtin
