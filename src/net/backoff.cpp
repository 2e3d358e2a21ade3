#include "net/backoff.hpp"

#include <algorithm>

namespace osprey::net {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed) : policy_(policy), generator_(seed) {}

Duration Backoff::next() {
    // 2^attempts, capped well before the shift could overflow.
    const int doublings = std::min(attempts_, 30);
    const Duration::rep initial = std::max<Duration::rep>(policy_.initial.count(), 1);
    Duration::rep ceiling = policy_.max.count();
    if (initial <= ceiling >> doublings) {
        ceiling = initial << doublings;
    }
    ++attempts_;
    std::uniform_int_distribution<Duration::rep> jitter(0, ceiling);
    return Duration(jitter(generator_));
}

}  // namespace osprey::net
