#pragma once
// Field parsers for candle files: no locale, no iostreams, no allocation.
//
// parse_double takes the fast exact path for the numbers exchanges print
// (at most 19 significant digits and a small exponent: one correctly rounded
// multiply or divide, Clinger's fast path) and falls back to std::from_chars,
// which is also correctly rounded, for everything else. Either way the result
// is the double nearest to the text. Only plain decimal syntax is accepted:
// "nan", "inf" and hex floats are not numbers in a candle file.

#include <cstdint>
#include <string_view>

namespace osprey::data {

bool parse_double(std::string_view text, double& out);
bool parse_int64(std::string_view text, std::int64_t& out);

}  // namespace osprey::data
