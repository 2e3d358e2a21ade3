#pragma once
// ema_cross(fast, slow), the reference strategy of DESIGN.md: on the close
// of bar i, with both EMAs defined at i-1, BUY when fast[i] > slow[i] and
// fast[i-1] <= slow[i-1]; SELL when fast[i] < slow[i] and
// fast[i-1] >= slow[i-1].

#include <array>

#include "indicators/moving_average.hpp"
#include "strategy/strategy.hpp"

namespace osprey::strategy::builtin {

class EmaCross final : public Strategy {
public:
    EmaCross(int fast, int slow) : fast_(fast), slow_(slow) {}

    void on_bar_closed(const ClosedBar& bar, Signal& signal) override {
        const double fast = fast_.update(bar.candle.close);
        const double slow = slow_.update(bar.candle.close);
        if (!slow_.ready() || !fast_.ready()) {
            return;
        }
        if (had_previous_) {
            if (fast > slow && previous_fast_ <= previous_slow_) {
                signal.direction = Direction::Buy;
                signal.reason = "fast EMA crossed above slow EMA";
            } else if (fast < slow && previous_fast_ >= previous_slow_) {
                signal.direction = Direction::Sell;
                signal.reason = "fast EMA crossed below slow EMA";
            }
            if (signal.direction != Direction::Hold) {
                signal.features.add("ema_fast", fast);
                signal.features.add("ema_slow", slow);
            }
        }
        previous_fast_ = fast;
        previous_slow_ = slow;
        had_previous_ = true;
    }

private:
    indicators::Ema fast_;
    indicators::Ema slow_;
    double previous_fast_ = 0;
    double previous_slow_ = 0;
    bool had_previous_ = false;
};

inline constexpr std::array<ParameterSpec, 2> ema_cross_parameters = {{
    {"fast", ParameterKind::Integer, 12, 2, 500, "period of the fast EMA"},
    {"slow", ParameterKind::Integer, 26, 3, 1000, "period of the slow EMA (longer than fast)"},
}};

Result<std::unique_ptr<Strategy>> make_ema_cross(const Parameters& parameters);

inline constexpr StrategyInfo ema_cross_info{
    "ema_cross",
    "buy when the fast EMA crosses above the slow EMA, sell when it crosses below",
    ema_cross_parameters,
    &make_ema_cross,
};

}  // namespace osprey::strategy::builtin
