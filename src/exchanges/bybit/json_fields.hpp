#pragma once
// Reading Bybit JSON with simdjson's on-demand API: the few field shapes the
// v5 protocol uses (numbers sent as strings, "" for an absent price), each
// turned into a Result naming the missing or bad field. Views returned here
// point into the parser's buffers: valid until the parser's next document.

#include <cstdint>
#include <simdjson.h>
#include <string_view>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/symbol.hpp"

namespace osprey::bybit::json {

using Object = simdjson::ondemand::object;

Result<std::string_view> text(Object& object, std::string_view key);
// The text, or `fallback` when the field is absent or null.
std::string_view text_or(Object& object, std::string_view key, std::string_view fallback);
// A decimal sent as a string; "" and an absent field are zero.
Result<Decimal> decimal(Object& object, std::string_view key);
// An integer sent either as a number or as a string of digits.
Result<std::int64_t> integer(Object& object, std::string_view key);
Result<Symbol> symbol(Object& object, std::string_view key);
Result<Side> side(Object& object, std::string_view key);

Failure missing(std::string_view key);

}  // namespace osprey::bybit::json
