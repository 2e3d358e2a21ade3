#include "strategy/builtin/enhanced.hpp"

#include <algorithm>
#include <cmath>

namespace osprey::strategy::builtin {

Regime regime_of(double atr_rank, double width_rank, const EnhancedSettings& settings) {
    const double rank = std::max(atr_rank, width_rank);
    if (rank >= settings.extreme_rank) {
        return Regime::Extreme;
    }
    return rank >= settings.high_rank ? Regime::High : Regime::Normal;
}

void enhanced_rules(const EnhancedView& view, const EnhancedSettings& settings, Signal& signal) {
    const Regime regime = regime_of(view.atr_rank, view.width_rank, settings);
    const bool crossed_up = view.fast > view.slow && view.previous_fast <= view.previous_slow;
    const bool crossed_down = view.fast < view.slow && view.previous_fast >= view.previous_slow;
    if (crossed_up && view.rsi < settings.rsi_max && regime != Regime::Extreme) {
        signal.direction = Direction::Buy;
        signal.reason = regime == Regime::Normal ? "trend up in a normal regime"
                                                 : "trend up in a high-volatility regime";
        signal.size_scale = regime == Regime::Normal ? 1.0 : settings.high_scale;
    } else if (crossed_down) {
        signal.direction = Direction::Sell;
        signal.reason = "trend down";
    } else if (regime == Regime::Extreme && view.previous_regime != Regime::Extreme) {
        signal.direction = Direction::Sell;
        signal.reason = "volatility turned extreme";
    } else {
        return;
    }
    signal.features.add("regime", static_cast<double>(regime));
    signal.features.add("atr_pct", view.atr_pct);
    signal.features.add("atr_pct_rank", view.atr_rank);
    signal.features.add("bb_width_pct", view.width_pct);
    signal.features.add("bb_width_rank", view.width_rank);
    signal.features.add("rsi", view.rsi);
}

Enhanced::Enhanced(const Parameters& p)
    : settings_{p.get("high_rank"), p.get("extreme_rank"), p.get("high_scale"), p.get("rsi_max")},
      fast_(p.get_int("fast")),
      slow_(p.get_int("slow")),
      rsi_(14),
      atr_(p.get_int("atr_period")),
      bands_(p.get_int("bb_period"), 2.0),
      atr_rank_(p.get_int("lookback")),
      width_rank_(p.get_int("lookback")) {}

void Enhanced::on_bar_closed(const ClosedBar& bar, Signal& signal) {
    const double close = bar.candle.close;
    EnhancedView view;
    view.fast = fast_.update(close);
    view.slow = slow_.update(close);
    view.rsi = rsi_.update(close);
    view.previous_fast = previous_fast_;
    view.previous_slow = previous_slow_;
    view.previous_regime = previous_regime_;
    previous_fast_ = view.fast;
    previous_slow_ = view.slow;
    const double atr = atr_.update(bar.candle);
    const indicators::BollingerValue bands = bands_.update(close);
    if (!atr_.ready() || !bands_.ready()) {
        return;
    }
    view.atr_pct = atr / close * 100.0;
    view.width_pct = bands.width_pct();
    view.atr_rank = atr_rank_.update(view.atr_pct);
    view.width_rank = width_rank_.update(view.width_pct);
    if (!atr_rank_.ready() || !slow_.ready() || !rsi_.ready() || std::isnan(view.previous_slow)) {
        return;
    }
    previous_regime_ = regime_of(view.atr_rank, view.width_rank, settings_);
    enhanced_rules(view, settings_, signal);
}

Result<std::unique_ptr<Strategy>> make_enhanced(const Parameters& parameters) {
    if (parameters.get_int("fast") >= parameters.get_int("slow")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'enhanced': parameter 'fast' must be less than 'slow'");
    }
    if (parameters.get("high_rank") >= parameters.get("extreme_rank")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'enhanced': parameter 'high_rank' must be below 'extreme_rank'");
    }
    return std::unique_ptr<Strategy>(std::make_unique<Enhanced>(parameters));
}

}  // namespace osprey::strategy::builtin
