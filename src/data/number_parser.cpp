#include "data/number_parser.hpp"

#include <charconv>
#include <system_error>

namespace osprey::data {

namespace {

// Powers of ten that a double holds exactly (10^22 is the largest).
constexpr double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

constexpr std::uint64_t max_exact_mantissa = std::uint64_t{1} << 53;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The decimal digits of a number as an integer mantissa, leading zeros
// skipped. Stops at 19 significant digits, which a uint64 always holds.
struct Digits {
    std::uint64_t mantissa = 0;
    int significant = 0;
    int count = 0;

    // Consumes digits from p; returns how many.
    int scan(const char*& p, const char* end) {
        const int before = count;
        for (; p != end && is_digit(*p) && significant < 19; ++p, ++count) {
            if (mantissa != 0 || *p != '0') {
                mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
                ++significant;
            }
        }
        return count - before;
    }
};

// std::from_chars, restricted to plain decimal syntax: the slow exact path.
bool parse_double_slowly(std::string_view text, double& out) {
    for (const char c : text) {
        if (!is_digit(c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
            return false;  // from_chars would take "nan", "inf" and hex
        }
    }
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

bool parse_double(std::string_view text, double& out) {
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    if (negative) {
        ++p;
    }
    Digits digits;
    digits.scan(p, end);
    int exponent = 0;
    if (p != end && *p == '.') {
        ++p;
        exponent = -digits.scan(p, end);
    }
    if (digits.count == 0) {
        return false;
    }
    if (p != end || digits.mantissa > max_exact_mantissa || exponent < -22) {
        return parse_double_slowly(text, out);  // exponents, long mantissas
    }
    // Clinger's fast path: the mantissa and 10^-exponent are exact doubles,
    // so one correctly rounded division gives the nearest double.
    const auto value = static_cast<double>(digits.mantissa);
    const double magnitude = exponent < 0 ? value / exact_pow10[-exponent] : value;
    out = negative ? -magnitude : magnitude;
    return true;
}

bool parse_int64(std::string_view text, std::int64_t& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace osprey::data
