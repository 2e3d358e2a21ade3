#pragma once
// Time in Osprey: an instant is a Timestamp (UTC, nanoseconds since the Unix
// epoch), a span is a Duration (std::chrono::nanoseconds). They are distinct
// types, so an instant cannot be passed where a span is meant. There are no
// time zones: everything is UTC.

#include <chrono>
#include <compare>
#include <cstdint>

namespace osprey {

using Duration = std::chrono::nanoseconds;

class Timestamp {
public:
    constexpr Timestamp() = default;

    static constexpr Timestamp from_nanos(std::int64_t nanos) { return Timestamp(nanos); }

    static constexpr Timestamp from_millis(std::int64_t millis) {
        return Timestamp(millis * 1'000'000);
    }

    constexpr std::int64_t nanos() const { return nanos_; }

    constexpr std::int64_t millis() const { return nanos_ / 1'000'000; }

    constexpr Duration since_epoch() const { return Duration(nanos_); }

    // The start of the period of length `period` (counted from the Unix epoch)
    // that holds this instant.
    constexpr Timestamp floor_to(Duration period) const {
        const std::int64_t step = period.count();
        std::int64_t floored = nanos_ / step * step;
        if (floored > nanos_) {
            floored -= step;  // round toward minus infinity before 1970
        }
        return Timestamp(floored);
    }

    friend constexpr auto operator<=>(Timestamp, Timestamp) = default;

    friend constexpr Timestamp operator+(Timestamp at, Duration span) {
        return Timestamp(at.nanos_ + span.count());
    }

    friend constexpr Timestamp operator-(Timestamp at, Duration span) {
        return Timestamp(at.nanos_ - span.count());
    }

    friend constexpr Duration operator-(Timestamp later, Timestamp earlier) {
        return Duration(later.nanos_ - earlier.nanos_);
    }

private:
    constexpr explicit Timestamp(std::int64_t nanos) : nanos_(nanos) {}

    std::int64_t nanos_ = 0;
};

}  // namespace osprey

#include <string>

namespace osprey {

// "2024-03-01 00:00:00" (UTC), for people; machine formats use millis().
std::string format_utc(Timestamp at);

}  // namespace osprey
