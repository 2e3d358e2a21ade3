#pragma once
// The last `capacity` values of a series, in a ring allocated once at
// construction: pushing a value allocates nothing.

#include <cstddef>
#include <vector>

#include "core/assert.hpp"

namespace osprey::indicators {

class RollingWindow {
public:
    explicit RollingWindow(std::size_t capacity) : values_(capacity) {
        OSPREY_ASSERT(capacity > 0, "a rolling window holds at least one value");
    }

    std::size_t capacity() const { return values_.size(); }

    std::size_t size() const { return size_; }

    bool full() const { return size_ == values_.size(); }

    // The value that the next push() will overwrite (the oldest, once full).
    double oldest() const { return values_[next_]; }

    void push(double value) {
        values_[next_] = value;
        next_ = next_ + 1 == values_.size() ? 0 : next_ + 1;
        if (size_ < values_.size()) {
            ++size_;
        }
    }

    // True when the last push() completed a lap of the ring.
    bool wrapped() const { return next_ == 0; }

    // Visits the held values from oldest to newest.
    template <class Visit>
    void for_each(Visit&& visit) const {
        const std::size_t start = full() ? next_ : 0;
        for (std::size_t i = 0; i < size_; ++i) {
            const std::size_t index = start + i;
            visit(values_[index < values_.size() ? index : index - values_.size()]);
        }
    }

private:
    std::vector<double> values_;
    std::size_t next_ = 0;
    std::size_t size_ = 0;
};

}  // namespace osprey::indicators
