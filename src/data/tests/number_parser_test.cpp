#include "data/number_parser.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace osprey::data {
namespace {

double parsed(std::string_view text) {
    double value = -1;
    EXPECT_TRUE(parse_double(text, value)) << text;
    return value;
}

TEST(ParseDouble, MatchesStrtodOnExchangeNumbers) {
    for (const char* text : {"61130.99", "0.00001000", "11783.31000000", "4.255", "0", "-0.5",
                             "123456789012345678901234567890", "1e-5", "2.5E3",
                             "0.1000000000000000055511151231257827", "9007199254740993"}) {
        EXPECT_EQ(parsed(text), std::strtod(text, nullptr)) << text;
    }
}

TEST(ParseDouble, RejectsWhatIsNotAPlainNumber) {
    double value = 0;
    for (const char* text : {"", "-", ".", "nan", "NaN", "inf", "-inf", "0x1p3", "1.2.3", "1,5",
                             " 1", "1 ", "+1", "1e", "1e999"}) {
        EXPECT_FALSE(parse_double(text, value)) << text;
    }
}

RC_GTEST_PROP(ParseDouble, ReadsBackTheShortestTextOfAnyFiniteDouble, (double x)) {
    RC_PRE(std::isfinite(x));
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
    RC_PRE(result.ec == std::errc());
    double back = 0;
    RC_ASSERT(parse_double(std::string_view(buffer, result.ptr), back));
    RC_ASSERT(back == x);
}

RC_GTEST_PROP(ParseDouble, ReadsPricesWithFixedDecimalsExactly,
              (std::uint32_t whole, std::uint32_t fraction)) {
    const std::string text = std::to_string(whole) + "." + std::to_string(fraction);
    double back = 0;
    RC_ASSERT(parse_double(text, back));
    RC_ASSERT(back == std::strtod(text.c_str(), nullptr));
}

TEST(ParseInt64, AcceptsOnlyWholeNumbers) {
    std::int64_t value = 0;
    EXPECT_TRUE(parse_int64("1709251200000", value));
    EXPECT_EQ(value, 1'709'251'200'000);
    EXPECT_FALSE(parse_int64("", value));
    EXPECT_FALSE(parse_int64("12.5", value));
    EXPECT_FALSE(parse_int64("99999999999999999999", value));
}

}  // namespace
}  // namespace osprey::data
