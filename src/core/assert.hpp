#pragma once

// OSPREY_ASSERT(condition, "what went wrong"): for bugs, never for input.
// It stays on in release builds: a broken invariant in a trading engine must
// stop the process (crash-only recovery takes over), not trade on.
//
// (__FILE__ and __LINE__ rather than std::source_location: clang 14, and so
// clang-tidy 14, cannot compile libstdc++ 12's source_location.)

namespace osprey::detail {

[[noreturn]] void assert_failed(const char* condition, const char* message, const char* file,
                                int line);

}  // namespace osprey::detail

#define OSPREY_ASSERT(condition, message)                                             \
    do {                                                                              \
        if (!(condition)) [[unlikely]] {                                              \
            ::osprey::detail::assert_failed(#condition, message, __FILE__, __LINE__); \
        }                                                                             \
    } while (false)
