#pragma once
// Test fixture: a strategy that says what the test script tells it to, bar
// by bar, and remembers which bars it was shown.

#include <cstddef>
#include <map>
#include <vector>

#include "strategy/strategy.hpp"

namespace osprey::strategy::testing {

class ScriptedStrategy final : public Strategy {
public:
    // Bar index -> what to say at that bar's close.
    explicit ScriptedStrategy(std::map<std::size_t, Direction> script,
                              std::vector<Timestamp>* seen = nullptr)
        : script_(std::move(script)), seen_(seen) {}

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override {
        if (seen_ != nullptr) {
            seen_->push_back(bar.candle.open_time);
        }
        if (const auto it = script_.find(index_++); it != script_.end()) {
            signal.direction = it->second;
            signal.reason = "scripted";
        }
    }

private:
    std::map<std::size_t, Direction> script_;
    std::vector<Timestamp>* seen_;
    std::size_t index_ = 0;
};

}  // namespace osprey::strategy::testing
