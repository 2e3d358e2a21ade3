#include <gtest/gtest.h>

#include "core/timeframe.hpp"
#include "core/timestamp.hpp"

namespace osprey {
namespace {

TEST(Timestamp, FloorsToPeriodsAlignedToTheEpoch) {
    const Timestamp at = Timestamp::from_millis(1'709'251'260'000);  // 2024-03-01 00:01 UTC
    EXPECT_EQ(at.floor_to(std::chrono::hours(4)).millis(), 1'709'251'200'000);
    EXPECT_EQ(at.floor_to(std::chrono::minutes(1)), at);
    EXPECT_EQ(Timestamp::from_millis(-1).floor_to(std::chrono::seconds(1)).millis(), -1000);
}

TEST(Timeframe, ParsesCountAndUnit) {
    EXPECT_EQ(Timeframe::parse("15m")->span(), std::chrono::minutes(15));
    EXPECT_EQ(Timeframe::parse("4h")->span(), std::chrono::hours(4));
    EXPECT_EQ(Timeframe::parse("1d")->span(), std::chrono::hours(24));
    EXPECT_EQ(Timeframe::parse("60m")->to_string(), "1h");
    EXPECT_EQ(Timeframe::parse("90m")->to_string(), "90m");
    EXPECT_TRUE(Timeframe::parse("1h")->is_multiple_of(*Timeframe::parse("15m")));
    EXPECT_FALSE(Timeframe::parse("1h")->is_multiple_of(*Timeframe::parse("7m")));
}

TEST(Timeframe, RejectsNonsenseWithTheTextInTheMessage) {
    for (const char* text : {"", "m", "0m", "-5m", "5x", "1.5h", "15"}) {
        const auto parsed = Timeframe::parse(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_NE(parsed.error().message.find("invalid timeframe"), std::string::npos);
    }
}

}  // namespace
}  // namespace osprey

namespace osprey {
namespace {

TEST(Timestamp, FormatsAsUtcCalendarTime) {
    EXPECT_EQ(format_utc(Timestamp::from_millis(1'709'251'200'000)), "2024-03-01 00:00:00");
    EXPECT_EQ(format_utc(Timestamp::from_millis(1'711'103'400'000)), "2024-03-22 10:30:00");
    EXPECT_EQ(format_utc(Timestamp::from_millis(0)), "1970-01-01 00:00:00");
}

}  // namespace
}  // namespace osprey
