#include "net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace osprey::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Timestamp minute_start = Timestamp::from_millis(1'700'000'040'000);

TEST(RateLimiter, HoldsRequestsThatWouldCrossTheBudget) {
    RateLimiter limiter({100, std::chrono::minutes(1), 0.8});
    const Timestamp now = minute_start + seconds(10);
    EXPECT_EQ(limiter.wait_before(20, now), Duration::zero());
    limiter.on_sent(70, now);
    EXPECT_EQ(limiter.wait_before(10, now), Duration::zero());
    EXPECT_EQ(limiter.wait_before(20, now), seconds(50));  // until the next minute
    // A new window forgets the old weight.
    EXPECT_EQ(limiter.wait_before(20, minute_start + seconds(61)), Duration::zero());
}

TEST(RateLimiter, VenueCountWins) {
    RateLimiter limiter({100, std::chrono::minutes(1), 0.8});
    const Timestamp now = minute_start + seconds(1);
    limiter.on_sent(5, now);
    limiter.on_answer({200, 79, std::nullopt}, now);
    EXPECT_EQ(limiter.used_weight(), 79);
    EXPECT_GT(limiter.wait_before(2, now), Duration::zero());
}

TEST(RateLimiter, TooManyRequestsWaitsRetryAfter) {
    RateLimiter limiter({1000, std::chrono::minutes(1), 0.8});
    const Timestamp now = minute_start + seconds(1);
    limiter.on_answer({429, 10, seconds(7)}, now);
    EXPECT_FALSE(limiter.banned());
    EXPECT_EQ(limiter.wait_before(1, now), seconds(7));
    EXPECT_EQ(limiter.wait_before(1, now + seconds(3)), seconds(4));
    EXPECT_EQ(limiter.wait_before(1, now + seconds(7)), Duration::zero());
}

TEST(RateLimiter, BanStopsEverything) {
    RateLimiter limiter({1000, std::chrono::minutes(1), 0.8});
    limiter.on_answer({418, std::nullopt, seconds(120)}, minute_start);
    EXPECT_TRUE(limiter.banned());
    EXPECT_EQ(limiter.wait_before(1, minute_start + std::chrono::hours(1)), Duration::max());
}

}  // namespace
}  // namespace osprey::net
