#include "strategy/builtin/simple.hpp"

#include <cmath>

namespace osprey::strategy::builtin {

void simple_rules(const SimpleView& view, const SimpleSettings& settings, Signal& signal) {
    const bool up_trend = view.fast > view.slow && view.close > view.slow;
    const bool pullback_over =
        view.previous_rsi < settings.pullback_rsi && view.rsi >= settings.pullback_rsi;
    if (up_trend && pullback_over) {
        signal.direction = Direction::Buy;
        signal.reason = "up-trend resumes after a pullback";
    } else if (view.previous_fast >= view.previous_slow && view.fast < view.slow) {
        signal.direction = Direction::Sell;
        signal.reason = "trend ended: fast EMA crossed below slow EMA";
    } else if (view.previous_rsi < settings.exit_rsi && view.rsi >= settings.exit_rsi) {
        signal.direction = Direction::Sell;
        signal.reason = "RSI exhausted";
    } else {
        return;
    }
    signal.features.add("rsi", view.rsi);
    signal.features.add("ema_spread_pct", (view.fast - view.slow) / view.slow * 100.0);
    signal.features.add("close_to_slow_pct", (view.close - view.slow) / view.slow * 100.0);
}

Simple::Simple(const Parameters& p)
    : settings_{p.get("pullback_rsi"), p.get("exit_rsi")},
      fast_(p.get_int("fast")),
      slow_(p.get_int("slow")),
      rsi_(p.get_int("rsi_period")) {}

void Simple::on_bar_closed(const ClosedBar& bar, Signal& signal) {
    const double close = bar.candle.close;
    const double fast = fast_.update(close);
    const double slow = slow_.update(close);
    const double rsi = rsi_.update(close);
    const SimpleView view{close, fast, slow, rsi, previous_fast_, previous_slow_, previous_rsi_};
    previous_fast_ = fast;
    previous_slow_ = slow;
    previous_rsi_ = rsi;
    if (!slow_.ready() || !rsi_.ready() || std::isnan(view.previous_slow)
        || std::isnan(view.previous_rsi)) {
        return;
    }
    simple_rules(view, settings_, signal);
}

Result<std::unique_ptr<Strategy>> make_simple(const Parameters& parameters) {
    if (parameters.get_int("fast") >= parameters.get_int("slow")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'simple': parameter 'fast' must be less than 'slow'");
    }
    if (parameters.get("pullback_rsi") >= parameters.get("exit_rsi")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'simple': parameter 'pullback_rsi' must be below 'exit_rsi'");
    }
    return std::unique_ptr<Strategy>(std::make_unique<Simple>(parameters));
}

}  // namespace osprey::strategy::builtin
