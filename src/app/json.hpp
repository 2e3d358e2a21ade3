#pragma once
// Small JSON text helpers for the command line's machine-readable output.

#include <optional>
#include <string>
#include <string_view>

namespace osprey::app {

// A JSON string literal: quotes, backslashes and control characters escaped.
std::string json_string(std::string_view text);

// A number printed so that it reads back to the same double, or null.
std::string json_number(const std::optional<double>& value);

}  // namespace osprey::app
