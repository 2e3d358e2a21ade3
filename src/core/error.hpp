#pragma once
// One error type for the whole project (STYLE.md 6.5): a canonical code for
// program decisions (retry or not) and a one-line message for people, naming
// what was wrong and where. Messages never carry secrets.

#include <cstdint>
#include <string>
#include <string_view>

namespace osprey {

enum class ErrorCode : std::uint8_t {
    InvalidArgument,
    ParseError,
    NotFound,
    Unavailable,
    Timeout,
    RateLimited,
    Rejected,
    InsufficientFunds,
    Unauthenticated,
    Conflict,
    Internal,
};

std::string_view to_string(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;

    friend bool operator==(const Error&, const Error&) = default;
};

}  // namespace osprey
