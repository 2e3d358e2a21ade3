#pragma once
// Exact decimal numbers for everything an exchange sees: a 64-bit integer
// count of units of 10^-scale (scale 0..18). Parsing and printing are exact
// and plain ("0.00001000", never "1e-05"); rounding to a tick or step is
// integer arithmetic, so 0.1 + 0.2 is 0.3.
//
// Price and Quantity are distinct types over Decimal, so a price can never be
// passed where a quantity is meant. Multiplying them gives a plain Decimal
// (a quote amount), computed through a 128-bit product.
//
// Overflow is a bug (assert), never silent: units up to 9.2e18 hold a
// quantity of 9.2e10 at scale 8, far beyond any real order.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace osprey {

class Decimal {
public:
    static constexpr int max_scale = 18;

    constexpr Decimal() = default;
    // Trusted construction: units of 10^-scale.
    static Decimal from_units(std::int64_t units, int scale);
    // Untrusted text: "123", "-0.5", "0.00001000". No exponents, no spaces.
    static Result<Decimal> parse(std::string_view text);
    // The nearest decimal with `scale` digits (ties away from zero). Asserts
    // that x is finite and fits.
    static Decimal from_double(double x, int scale);

    std::int64_t units() const { return units_; }

    int scale() const { return scale_; }

    double to_double() const;

    bool is_zero() const { return units_ == 0; }

    bool is_negative() const { return units_ < 0; }

    // Plain text with exactly scale() fraction digits.
    std::string to_string() const;
    // The same value with trailing fraction zeros removed ("1.50" -> "1.5").
    Decimal normalized() const;
    // The same value at a larger scale (exact), asserting it fits.
    Decimal rescaled(int scale) const;

    // Rounding to a positive increment (a tick size or a step size).
    Decimal floor_to(Decimal increment) const;
    Decimal ceil_to(Decimal increment) const;
    Decimal round_to(Decimal increment) const;  // nearest, ties away from zero

    friend Decimal operator+(Decimal a, Decimal b);
    friend Decimal operator-(Decimal a, Decimal b);
    // Exact when scales add up to at most 18; otherwise truncated toward zero
    // at scale 18.
    friend Decimal operator*(Decimal a, Decimal b);

    friend Decimal operator-(Decimal a) { return from_units(-a.units_, a.scale_); }

    friend std::strong_ordering operator<=>(Decimal a, Decimal b);

    friend bool operator==(Decimal a, Decimal b) { return (a <=> b) == 0; }

private:
    constexpr Decimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}

    std::int64_t units_ = 0;
    int scale_ = 0;
};

// A strong type over Decimal. Tag makes Price and Quantity different types.
template <class Tag>
class DecimalOf {
public:
    constexpr DecimalOf() = default;

    constexpr explicit DecimalOf(Decimal value) : value_(value) {}

    static Result<DecimalOf> parse(std::string_view text) {
        auto value = Decimal::parse(text);
        if (!value) {
            return fail(value.error());
        }
        return DecimalOf(*value);
    }

    Decimal decimal() const { return value_; }

    double to_double() const { return value_.to_double(); }

    std::string to_string() const { return value_.normalized().to_string(); }

    bool is_zero() const { return value_.is_zero(); }

    DecimalOf floor_to(DecimalOf increment) const {
        return DecimalOf(value_.floor_to(increment.value_));
    }

    DecimalOf ceil_to(DecimalOf increment) const {
        return DecimalOf(value_.ceil_to(increment.value_));
    }

    DecimalOf round_to(DecimalOf increment) const {
        return DecimalOf(value_.round_to(increment.value_));
    }

    friend DecimalOf operator+(DecimalOf a, DecimalOf b) { return DecimalOf(a.value_ + b.value_); }

    friend DecimalOf operator-(DecimalOf a, DecimalOf b) { return DecimalOf(a.value_ - b.value_); }

    friend auto operator<=>(DecimalOf a, DecimalOf b) { return a.value_ <=> b.value_; }

    friend bool operator==(DecimalOf a, DecimalOf b) { return a.value_ == b.value_; }

private:
    Decimal value_;
};

using Price = DecimalOf<struct PriceTag>;
using Quantity = DecimalOf<struct QuantityTag>;

// price × quantity: the quote amount of an order or a fill.
inline Decimal operator*(Price price, Quantity quantity) {
    return price.decimal() * quantity.decimal();
}

}  // namespace osprey
