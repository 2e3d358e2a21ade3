#pragma once
// A bar length: 1m, 3m, 15m, 1h, 4h, 1d... Bars are aligned to the UTC
// epoch, so a 4h bar starts at 00:00, 04:00, ... UTC.

#include <compare>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace osprey {

class Timeframe {
public:
    // Trusted: asserts that the span is a positive whole number of seconds.
    explicit Timeframe(Duration span);

    // "30s", "1m", "15m", "1h", "4h", "1d", "1w".
    static Result<Timeframe> parse(std::string_view text);

    Duration span() const { return span_; }

    std::string to_string() const;

    bool is_multiple_of(Timeframe finer) const { return span_.count() % finer.span_.count() == 0; }

    friend auto operator<=>(Timeframe, Timeframe) = default;

private:
    Duration span_;
};

}  // namespace osprey
