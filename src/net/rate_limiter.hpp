#pragma once
// Keeps request weight under a venue's limit and obeys its back-off orders.
//
// The venue is the authority on used weight (Binance: X-MBX-USED-WEIGHT-1M),
// so every answer resets our count; between answers we add the weight of
// what we send. Before a request, wait_before() says how long to hold it:
//   - until the window rolls over, if it would cross the budget;
//   - until Retry-After has passed, after a 429;
//   - forever (banned() is true), after a 418: the caller stops and alerts.
// Time is passed in, so the limiter is pure and testable.

#include <cstdint>
#include <optional>

#include "core/timestamp.hpp"

namespace osprey::net {

struct RateLimit {
    std::int64_t weight_per_window = 6000;
    Duration window = std::chrono::minutes(1);
    // Fraction of the limit we allow ourselves, leaving room for others on
    // the same IP and for weight we did not foresee.
    double budget = 0.8;
};

struct RateAnswer {
    int status = 200;
    std::optional<std::int64_t> used_weight;  // as reported by the venue
    std::optional<Duration> retry_after;
};

class RateLimiter {
public:
    explicit RateLimiter(RateLimit limit) : limit_(limit) {}

    // How long to wait before sending a request of this weight (zero: now).
    Duration wait_before(std::int64_t weight, Timestamp now) const;
    // Records a request as sent.
    void on_sent(std::int64_t weight, Timestamp now);
    // Records the venue's answer.
    void on_answer(const RateAnswer& answer, Timestamp now);

    bool banned() const { return banned_; }

    std::int64_t used_weight() const { return used_; }

    void set_limit(RateLimit limit) { limit_ = limit; }

private:
    void roll(Timestamp now);

    RateLimit limit_;
    Timestamp window_start_;
    std::int64_t used_ = 0;
    Timestamp cooldown_until_;
    bool banned_ = false;
};

}  // namespace osprey::net
