#include "core/error.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/assert.hpp"

namespace osprey {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid argument";
        case ErrorCode::ParseError: return "parse error";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::Unavailable: return "unavailable";
        case ErrorCode::Timeout: return "timeout";
        case ErrorCode::RateLimited: return "rate limited";
        case ErrorCode::Rejected: return "rejected";
        case ErrorCode::InsufficientFunds: return "insufficient funds";
        case ErrorCode::Unauthenticated: return "unauthenticated";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Internal: return "internal error";
    }
    return "unknown error";
}

namespace detail {

void assert_failed(const char* condition, const char* message, const char* file, int line) {
    std::fprintf(stderr, "osprey: internal error: %s (%s) at %s:%d\n", message, condition, file,
                 line);
    std::abort();
}

}  // namespace detail
}  // namespace osprey
