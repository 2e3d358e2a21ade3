#pragma once
// A market symbol such as BTCUSDT: fixed capacity and stored inline, so it
// costs no allocation on hot paths and compares as a value.

#include <array>
#include <compare>
#include <cstddef>
#include <string_view>

#include "core/result.hpp"

namespace osprey {

class Symbol {
public:
    static constexpr std::size_t max_length = 23;

    constexpr Symbol() = default;
    // Untrusted text: 1 to 23 of A-Z, 0-9, '-', '_' or '/'.
    static Result<Symbol> parse(std::string_view text);

    std::string_view view() const { return {chars_.data(), length_}; }

    friend bool operator==(const Symbol& a, const Symbol& b) { return a.view() == b.view(); }

    friend auto operator<=>(const Symbol& a, const Symbol& b) { return a.view() <=> b.view(); }

private:
    std::array<char, max_length + 1> chars_{};
    std::size_t length_ = 0;
};

}  // namespace osprey
