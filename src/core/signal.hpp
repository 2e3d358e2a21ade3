#pragma once
// What a strategy says on a closed bar (DESIGN.md "Strategies"): a direction
// with a reason, optional levels, a confidence and quality class, and named
// features that the learning layer stores with the trade.
//
// A Signal is filled in place by the strategy on every bar, so it holds no
// heap memory: feature names and reasons are static text (string literals or
// text the strategy owns for its lifetime), and features sit in a fixed array.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "core/assert.hpp"

namespace osprey {

enum class Direction : std::uint8_t { Hold, Buy, Sell };

enum class Quality : std::uint8_t { None, Weak, Standard, Strong, Premium };

constexpr std::string_view to_string(Quality quality) {
    switch (quality) {
        case Quality::None: return "none";
        case Quality::Weak: return "weak";
        case Quality::Standard: return "standard";
        case Quality::Strong: return "strong";
        case Quality::Premium: return "premium";
    }
    return "unknown";
}

constexpr std::string_view to_string(Direction direction) {
    switch (direction) {
        case Direction::Hold: return "hold";
        case Direction::Buy: return "buy";
        case Direction::Sell: return "sell";
    }
    return "unknown";
}

struct Feature {
    std::string_view name;
    double value = 0;
};

class FeatureSet {
public:
    static constexpr std::size_t capacity = 32;

    void add(std::string_view name, double value) {
        OSPREY_ASSERT(size_ < capacity, "a signal carries at most 32 features");
        features_[size_++] = Feature{name, value};
    }

    void clear() { size_ = 0; }

    std::size_t size() const { return size_; }

    bool empty() const { return size_ == 0; }

    const Feature* begin() const { return features_.data(); }

    const Feature* end() const { return features_.data() + size_; }

private:
    std::array<Feature, capacity> features_{};
    std::size_t size_ = 0;
};

struct Signal {
    static constexpr double unset = std::numeric_limits<double>::quiet_NaN();

    Direction direction = Direction::Hold;
    std::string_view reason;
    double entry = unset;
    double stop = unset;
    std::array<double, 3> take_profit{unset, unset, unset};
    double confidence = unset;
    Quality quality = Quality::None;
    // The share (0 to 1) of the normal position size this entry should take:
    // a strategy that sees danger (a volatile regime) trades smaller.
    double size_scale = 1.0;
    FeatureSet features;

    // Back to HOLD with nothing set; cheap enough for every bar.
    void clear() {
        direction = Direction::Hold;
        reason = {};
        entry = stop = confidence = unset;
        take_profit = {unset, unset, unset};
        quality = Quality::None;
        size_scale = 1.0;
        features.clear();
    }
};

}  // namespace osprey
