#include "net/backoff.hpp"

#include <gtest/gtest.h>

namespace osprey::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Backoff, CeilingDoublesUpToTheMaximum) {
    Backoff backoff({milliseconds(100), seconds(2)}, 42);
    Duration ceiling = milliseconds(100);
    for (int attempt = 0; attempt < 40; ++attempt) {
        const Duration delay = backoff.next();
        EXPECT_GE(delay, Duration::zero());
        EXPECT_LE(delay, ceiling);
        ceiling = std::min<Duration>(ceiling * 2, seconds(2));
    }
    EXPECT_EQ(backoff.attempts(), 40);
    backoff.reset();
    EXPECT_LE(backoff.next(), milliseconds(100));
}

TEST(Backoff, JitterSpreadsClientsApart) {
    Backoff a({milliseconds(100), seconds(30)}, 1);
    Backoff b({milliseconds(100), seconds(30)}, 2);
    int different = 0;
    for (int attempt = 0; attempt < 10; ++attempt) {
        different += a.next() != b.next() ? 1 : 0;
    }
    EXPECT_GE(different, 8);
}

TEST(Backoff, SameSeedSameDelays) {
    Backoff a({milliseconds(100), seconds(30)}, 7);
    Backoff b({milliseconds(100), seconds(30)}, 7);
    for (int attempt = 0; attempt < 10; ++attempt) {
        EXPECT_EQ(a.next(), b.next());
    }
}

}  // namespace
}  // namespace osprey::net
