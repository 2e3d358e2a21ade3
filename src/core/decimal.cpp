#include "core/decimal.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace osprey {

namespace {

__extension__ using Wide = __int128;  // GCC and Clang both have it; -Wpedantic needs the marker

constexpr std::int64_t pow10_table[] = {
    1,
    10,
    100,
    1'000,
    10'000,
    100'000,
    1'000'000,
    10'000'000,
    100'000'000,
    1'000'000'000,
    10'000'000'000,
    100'000'000'000,
    1'000'000'000'000,
    10'000'000'000'000,
    100'000'000'000'000,
    1'000'000'000'000'000,
    10'000'000'000'000'000,
    100'000'000'000'000'000,
    1'000'000'000'000'000'000,
};

std::int64_t pow10(int exponent) {
    OSPREY_ASSERT(exponent >= 0 && exponent <= Decimal::max_scale, "decimal scale out of range");
    return pow10_table[exponent];
}

std::int64_t narrow(Wide value) {
    OSPREY_ASSERT(value <= std::numeric_limits<std::int64_t>::max()
                      && value >= std::numeric_limits<std::int64_t>::min(),
                  "decimal overflow");
    return static_cast<std::int64_t>(value);
}

// Both operands as units at the larger of their scales.
struct Aligned {
    Wide a;
    Wide b;
    int scale;
};

Aligned align(Decimal a, Decimal b) {
    const int scale = a.scale() > b.scale() ? a.scale() : b.scale();
    return {Wide{a.units()} * pow10(scale - a.scale()), Wide{b.units()} * pow10(scale - b.scale()),
            scale};
}

Wide floor_div(Wide numerator, Wide denominator) {
    Wide quotient = numerator / denominator;
    if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0))) {
        --quotient;
    }
    return quotient;
}

}  // namespace

Decimal Decimal::from_units(std::int64_t units, int scale) {
    OSPREY_ASSERT(scale >= 0 && scale <= max_scale, "decimal scale out of range");
    return Decimal(units, scale);
}

Result<Decimal> Decimal::parse(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return fail(ErrorCode::ParseError, fmt::format("invalid decimal '{}': {}", text, why));
    };
    std::size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
        negative = text[pos] == '-';
        ++pos;
    }
    Wide units = 0;
    int scale = 0;
    int digits = 0;
    bool seen_point = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '.' && !seen_point) {
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') {
            return bad("expected digits with at most one decimal point");
        }
        units = units * 10 + (c - '0');
        ++digits;
        if (seen_point && ++scale > max_scale) {
            return bad("more than 18 fraction digits");
        }
        if (units > std::numeric_limits<std::int64_t>::max()) {
            return bad("too large");
        }
    }
    if (digits == 0) {
        return bad("no digits");
    }
    const auto value = static_cast<std::int64_t>(units);
    return Decimal(negative ? -value : value, scale);
}

Decimal Decimal::from_double(double x, int scale) {
    OSPREY_ASSERT(std::isfinite(x), "decimal from a non-finite double");
    const double scaled = std::round(x * static_cast<double>(pow10(scale)));
    OSPREY_ASSERT(std::fabs(scaled) < 9.2e18, "decimal overflow from double");
    return Decimal(static_cast<std::int64_t>(scaled), scale);
}

double Decimal::to_double() const {
    return static_cast<double>(units_) / static_cast<double>(pow10(scale_));
}

std::string Decimal::to_string() const {
    const Wide magnitude = units_ < 0 ? -Wide{units_} : Wide{units_};
    const auto divisor = pow10(scale_);
    const auto whole = static_cast<std::uint64_t>(magnitude / divisor);
    const auto fraction = static_cast<std::uint64_t>(magnitude % divisor);
    const char* sign = units_ < 0 ? "-" : "";
    if (scale_ == 0) {
        return fmt::format("{}{}", sign, whole);
    }
    return fmt::format("{}{}.{:0{}}", sign, whole, fraction, scale_);
}

Decimal Decimal::normalized() const {
    std::int64_t units = units_;
    int scale = scale_;
    while (scale > 0 && units % 10 == 0) {
        units /= 10;
        --scale;
    }
    return Decimal(units, scale);
}

Decimal Decimal::rescaled(int scale) const {
    OSPREY_ASSERT(scale >= scale_, "rescaled() only adds digits; use a rounding function");
    return Decimal(narrow(Wide{units_} * pow10(scale - scale_)), scale);
}

Decimal Decimal::floor_to(Decimal increment) const {
    OSPREY_ASSERT(increment.units_ > 0, "rounding increment must be positive");
    const Aligned v = align(*this, increment);
    return Decimal(narrow(floor_div(v.a, v.b) * v.b), v.scale);
}

Decimal Decimal::ceil_to(Decimal increment) const {
    OSPREY_ASSERT(increment.units_ > 0, "rounding increment must be positive");
    const Aligned v = align(*this, increment);
    return Decimal(narrow(-floor_div(-v.a, v.b) * v.b), v.scale);
}

Decimal Decimal::round_to(Decimal increment) const {
    OSPREY_ASSERT(increment.units_ > 0, "rounding increment must be positive");
    const Aligned v = align(*this, increment);
    const Wide magnitude = v.a < 0 ? -v.a : v.a;
    Wide steps = magnitude / v.b;
    if ((magnitude % v.b) * 2 >= v.b) {
        ++steps;  // ties go away from zero
    }
    const Wide rounded = steps * v.b;
    return Decimal(narrow(v.a < 0 ? -rounded : rounded), v.scale);
}

Decimal operator+(Decimal a, Decimal b) {
    const Aligned v = align(a, b);
    return Decimal::from_units(narrow(v.a + v.b), v.scale);
}

Decimal operator-(Decimal a, Decimal b) {
    const Aligned v = align(a, b);
    return Decimal::from_units(narrow(v.a - v.b), v.scale);
}

Decimal operator*(Decimal a, Decimal b) {
    Wide product = Wide{a.units()} * Wide{b.units()};
    int scale = a.scale() + b.scale();
    if (scale > Decimal::max_scale) {
        product /= pow10(scale - Decimal::max_scale);
        scale = Decimal::max_scale;
    }
    return Decimal::from_units(narrow(product), scale);
}

std::strong_ordering operator<=>(Decimal a, Decimal b) {
    const Aligned v = align(a, b);
    return v.a <=> v.b;
}

}  // namespace osprey
