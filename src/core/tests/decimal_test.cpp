#include "core/decimal.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace osprey {
namespace {

Decimal dec(std::string_view text) {
    return Decimal::parse(text).value();
}

TEST(Decimal, ParsesAndPrintsPlainText) {
    EXPECT_EQ(dec("0.00001000").to_string(), "0.00001000");
    EXPECT_EQ(dec("-12.5").to_string(), "-12.5");
    EXPECT_EQ(dec("42").to_string(), "42");
    EXPECT_EQ(dec("0.00001000").normalized().to_string(), "0.00001");
    EXPECT_EQ(Decimal::from_double(1e-5, 8).normalized().to_string(), "0.00001");
}

TEST(Decimal, RejectsWhatIsNotAPlainDecimal) {
    for (const char* text : {"", "-", ".", "1e-5", "1.2.3", " 1", "abc", "0.1234567890123456789",
                             "99999999999999999999"}) {
        const auto parsed = Decimal::parse(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::ParseError);
        EXPECT_NE(parsed.error().message.find(text), std::string::npos) << parsed.error().message;
    }
}

TEST(Decimal, ArithmeticIsExact) {
    EXPECT_EQ(dec("0.1") + dec("0.2"), dec("0.3"));
    EXPECT_EQ(dec("1.005") - dec("0.005"), dec("1"));
    EXPECT_EQ(dec("61130.99") * dec("0.00012"), dec("7.3357188"));
    EXPECT_LT(dec("0.1"), dec("0.10001"));
}

TEST(Decimal, RoundsToTickAndStep) {
    EXPECT_EQ(dec("0.123456").floor_to(dec("0.001")), dec("0.123"));
    EXPECT_EQ(dec("0.123456").ceil_to(dec("0.001")), dec("0.124"));
    EXPECT_EQ(dec("0.1235").round_to(dec("0.001")), dec("0.124"));
    EXPECT_EQ(dec("-0.1235").round_to(dec("0.001")), dec("-0.124"));
    EXPECT_EQ(dec("-0.1231").floor_to(dec("0.001")), dec("-0.124"));
    EXPECT_EQ(dec("101").floor_to(dec("5")), dec("100"));
    EXPECT_EQ(dec("0.37").round_to(dec("0.05")), dec("0.35"));
    EXPECT_EQ(dec("0.375").round_to(dec("0.05")), dec("0.4"));
}

TEST(Price, AndQuantityAreDistinctTypesWithPlainText) {
    const Price price = Price::parse("61130.9900").value();
    const Quantity quantity = Quantity::parse("0.00100000").value();
    EXPECT_EQ(price.to_string(), "61130.99");
    EXPECT_EQ(quantity.to_string(), "0.001");
    EXPECT_EQ(price * quantity, dec("61.13099"));
    static_assert(!std::is_convertible_v<Price, Quantity>);
}

RC_GTEST_PROP(Decimal, TextRoundTrips, (std::int64_t units, unsigned scale_seed)) {
    const int scale = static_cast<int>(scale_seed % 19);
    const Decimal value = Decimal::from_units(units, scale);
    const auto parsed = Decimal::parse(value.to_string());
    RC_ASSERT(parsed.has_value());
    RC_ASSERT(parsed->units() == units);
    RC_ASSERT(parsed->scale() == scale);
}

RC_GTEST_PROP(Decimal, FloorToStepIsIdempotentAndNeverAboveInput,
              (std::int32_t units, std::uint16_t step_units, unsigned scale_seed)) {
    RC_PRE(step_units > 0);
    const Decimal value = Decimal::from_units(units, static_cast<int>(scale_seed % 9));
    const Decimal step = Decimal::from_units(step_units, static_cast<int>(scale_seed / 9 % 9));
    const Decimal floored = value.floor_to(step);
    RC_ASSERT(floored <= value);
    RC_ASSERT(value - floored < step);
    RC_ASSERT(floored.floor_to(step) == floored);
    const Decimal ceiled = value.ceil_to(step);
    RC_ASSERT(ceiled >= value);
    RC_ASSERT(ceiled - value < step);
}

}  // namespace
}  // namespace osprey
