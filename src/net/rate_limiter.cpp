#include "net/rate_limiter.hpp"

#include <algorithm>

namespace osprey::net {

namespace {

// The start of the fixed window holding `now`: venues count per calendar
// minute, so our window rolls when theirs does.
Timestamp window_of(Timestamp now, Duration window) {
    return now.floor_to(window);
}

}  // namespace

Duration RateLimiter::wait_before(std::int64_t weight, Timestamp now) const {
    if (banned_) {
        return Duration::max();
    }
    Duration wait = std::max(Duration::zero(), cooldown_until_ - now);
    const Timestamp window = window_of(now, limit_.window);
    const std::int64_t used = window == window_start_ ? used_ : 0;
    const auto budget =
        static_cast<std::int64_t>(static_cast<double>(limit_.weight_per_window) * limit_.budget);
    if (used + weight > budget && used > 0) {
        wait = std::max(wait, window + limit_.window - now);
    }
    return wait;
}

void RateLimiter::roll(Timestamp now) {
    const Timestamp window = window_of(now, limit_.window);
    if (window != window_start_) {
        window_start_ = window;
        used_ = 0;
    }
}

void RateLimiter::on_sent(std::int64_t weight, Timestamp now) {
    roll(now);
    used_ += weight;
}

void RateLimiter::on_answer(const RateAnswer& answer, Timestamp now) {
    roll(now);
    if (answer.used_weight) {
        used_ = *answer.used_weight;
    }
    if (answer.status == 418) {
        banned_ = true;
        return;
    }
    if (answer.status == 429) {
        // Without Retry-After, sit out the rest of the window.
        const Duration pause =
            answer.retry_after ? *answer.retry_after : window_start_ + limit_.window - now;
        cooldown_until_ = std::max(cooldown_until_, now + pause);
    }
}

}  // namespace osprey::net
