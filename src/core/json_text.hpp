#pragma once
// JSON text for machine-readable output: the command line's --json, the
// daemon's logs and API. Writing only; parsing is done where it is needed.

#include <optional>
#include <string>
#include <string_view>

namespace osprey {

// A JSON string literal: quotes, backslashes and control characters escaped.
std::string json_string(std::string_view text);

// A number printed so that it reads back to the same double, or null.
std::string json_number(const std::optional<double>& value);

}  // namespace osprey
