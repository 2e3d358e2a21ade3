#include "core/timeframe.hpp"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

namespace osprey {

namespace {

struct Unit {
    char suffix;
    Duration span;
};

constexpr Unit units[] = {
    {'w', std::chrono::weeks(1)},   {'d', std::chrono::days(1)},    {'h', std::chrono::hours(1)},
    {'m', std::chrono::minutes(1)}, {'s', std::chrono::seconds(1)},
};

}  // namespace

Timeframe::Timeframe(Duration span) : span_(span) {
    OSPREY_ASSERT(span.count() > 0 && span.count() % 1'000'000'000 == 0,
                  "a timeframe is a positive whole number of seconds");
}

Result<Timeframe> Timeframe::parse(std::string_view text) {
    const auto bad = [&] {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid timeframe '{}': expected a count and a unit, like 15m, "
                                "1h or 1d (units s, m, h, d, w)",
                                text));
    };
    if (text.size() < 2) {
        return bad();
    }
    std::int64_t count = 0;
    const char* end = text.data() + text.size() - 1;
    const auto [ptr, ec] = std::from_chars(text.data(), end, count);
    if (ec != std::errc() || ptr != end || count <= 0 || count > 1'000'000) {
        return bad();
    }
    for (const Unit& unit : units) {
        if (unit.suffix == text.back()) {
            return Timeframe(unit.span * count);
        }
    }
    return bad();
}

std::string Timeframe::to_string() const {
    for (const Unit& unit : units) {
        if (span_.count() % unit.span.count() == 0) {
            return fmt::format("{}{}", span_.count() / unit.span.count(), unit.suffix);
        }
    }
    return fmt::format("{}s", span_.count() / 1'000'000'000);
}

}  // namespace osprey
