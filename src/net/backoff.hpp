#pragma once
// Exponential backoff with full jitter for reconnects: the n-th delay is
// uniform in [0, min(max, initial * 2^n)], so many clients that lost the same
// server do not come back in lock step. The generator is seeded by the
// caller (no hidden randomness).

#include <cstdint>
#include <random>

#include "core/timestamp.hpp"

namespace osprey::net {

struct BackoffPolicy {
    Duration initial = std::chrono::milliseconds(250);
    Duration max = std::chrono::seconds(30);
};

class Backoff {
public:
    Backoff(BackoffPolicy policy, std::uint64_t seed);

    // The delay before the next attempt; each call doubles the ceiling.
    Duration next();

    // After a success: start again from the initial delay.
    void reset() { attempts_ = 0; }

    int attempts() const { return attempts_; }

private:
    BackoffPolicy policy_;
    std::mt19937_64 generator_;
    int attempts_ = 0;
};

}  // namespace osprey::net
