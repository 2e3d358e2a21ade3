#include "core/result.hpp"

#include <gtest/gtest.h>

#include "core/symbol.hpp"

namespace osprey {
namespace {

Result<int> half(int x) {
    if (x % 2 != 0) {
        return fail(ErrorCode::InvalidArgument, "odd");
    }
    return x / 2;
}

TEST(Result, CarriesAValueOrAnError) {
    EXPECT_EQ(*half(4), 2);
    const auto odd = half(3);
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(odd.value_or(-1), -1);
}

TEST(ResultDeathTest, ReadingTheValueOfAFailureAborts) {
    EXPECT_DEATH({ (void)half(3).value(); }, "value\\(\\) called on a failed Result");
}

TEST(Symbol, AcceptsExchangeSymbolsAndRejectsOthers) {
    EXPECT_EQ(Symbol::parse("BTCUSDT")->view(), "BTCUSDT");
    EXPECT_FALSE(Symbol::parse("btcusdt"));
    EXPECT_FALSE(Symbol::parse(""));
    EXPECT_FALSE(Symbol::parse("AVERYLONGSYMBOLNAMEOVER23"));
}

}  // namespace
}  // namespace osprey
