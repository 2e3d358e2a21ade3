#include "strategy/builtin/scalp.hpp"

#include <cmath>

namespace osprey::strategy::builtin {

namespace {

const Timeframe three_minutes{std::chrono::minutes(3)};
const Timeframe fifteen_minutes{std::chrono::minutes(15)};

enum class Setup { None, VwapPullback, RangeBreakout };

// The conditions both setups share, for one side (+1 long, -1 short).
bool context_allows(const ScalpView& v, const ScalpSettings& s, int side,
                    const indicators::CandleShape& shape) {
    const double move = side * (v.bar.close - v.bar.open);
    return v.higher_trend == side && side * (v.ema_fast - v.ema_slow) > 0
           && v.atr / v.bar.close * 100.0 >= s.atr_pct_min && v.bb_width_pct >= s.bb_width_min
           && v.volume_ratio >= s.volume_ratio_min && shape.body >= s.body_ratio_min && move > 0;
}

Setup setup_for(const ScalpView& v, const ScalpSettings& s, int side,
                const indicators::CandleShape& shape) {
    if (!context_allows(v, s, side, shape)) {
        return Setup::None;
    }
    const double distance = side * (v.bar.close - v.vwap) / v.atr;
    const double rejection = side > 0 ? shape.lower_wick : shape.upper_wick;
    const double other = side > 0 ? shape.upper_wick : shape.lower_wick;
    if (distance > 0 && distance <= s.vwap_atr_max && rejection >= s.wick_ratio_min
        && rejection - other >= s.wick_delta_min) {
        return Setup::VwapPullback;
    }
    if (v.range_high && v.range_low) {
        const double level = side > 0 ? *v.range_high : *v.range_low;
        if (side * (v.bar.close - level) > 0 && side * (v.previous_close - level) <= 0) {
            return Setup::RangeBreakout;
        }
    }
    return Setup::None;
}

void add_features(const ScalpView& v, int side, Setup setup, const indicators::CandleShape& shape,
                  FeatureSet& features) {
    const double retracement =
        side > 0 ? (v.swing_high - v.bar.close) : (v.bar.close - v.swing_low);
    const double swing = v.swing_high - v.swing_low;
    const double fib = swing > 0 ? retracement / swing : 0.0;
    features.add("setup", static_cast<double>(setup));
    features.add("vwap_distance_atr", (v.bar.close - v.vwap) / v.atr);
    features.add("volume_ratio", v.volume_ratio);
    features.add("bb_width_pct", v.bb_width_pct);
    features.add("upper_wick_ratio", shape.upper_wick);
    features.add("lower_wick_ratio", shape.lower_wick);
    features.add("wick_delta", side > 0 ? shape.lower_wick - shape.upper_wick
                                        : shape.upper_wick - shape.lower_wick);
    features.add("body_ratio", shape.body);
    features.add("ema_alignment", v.ema_fast > v.ema_slow ? 1.0 : -1.0);
    features.add("atr_pct", v.atr / v.bar.close * 100.0);
    features.add("rsi", v.rsi);
    features.add("macd_hist", v.macd_histogram);
    features.add("fib_retracement", fib);
    features.add("fib_zone", indicators::fibonacci_zone(fib));
    features.add("htf_trend", v.higher_trend);
}

}  // namespace

void scalp_rules(const ScalpView& view, const ScalpSettings& settings, Signal& signal) {
    const indicators::CandleShape shape = indicators::candle_shape(view.bar);
    if (!(view.atr > 0)) {
        return;
    }
    for (const int side : {1, -1}) {
        const Setup setup = setup_for(view, settings, side, shape);
        if (setup == Setup::None) {
            continue;
        }
        const double risk = settings.stop_atr * view.atr;
        signal.direction = side > 0 ? Direction::Buy : Direction::Sell;
        signal.reason =
            setup == Setup::VwapPullback
                ? (side > 0 ? "VWAP pullback long" : "VWAP pullback short")
                : (side > 0 ? "opening range breakout long" : "opening range breakdown short");
        signal.entry = view.bar.close;
        signal.stop = view.bar.close - side * risk;
        signal.take_profit[0] = view.bar.close + side * settings.reward_risk * risk;
        add_features(view, side, setup, shape, signal.features);
        return;
    }
}

Scalp::Scalp(const Parameters& p)
    : settings_{p.get("vwap_atr_max"),   p.get("volume_ratio_min"), p.get("bb_width_min"),
                p.get("wick_delta_min"), p.get("wick_ratio_min"),   p.get("body_ratio_min"),
                p.get("atr_pct_min"),    p.get("reward_risk"),      p.get("stop_atr")},
      opening_range_bars_(p.get_int("opening_range_bars")),
      swing_(p.get_int("swing_bars")) {}

std::vector<Timeframe> Scalp::timeframes() const {
    return {three_minutes, fifteen_minutes};
}

void Scalp::on_trend_bar(const Candle& bar) {
    const double fast = trend_fast_.update(bar.close);
    const double slow = trend_slow_.update(bar.close);
    higher_trend_ = trend_slow_.ready() ? (fast > slow ? 1 : (fast < slow ? -1 : 0)) : 0;
}

void Scalp::track_opening_range(const Candle& bar) {
    const Timestamp session = bar.open_time.floor_to(std::chrono::days(1));
    if (session_ != session) {
        session_ = session;
        session_bars_ = 0;
        range_high_ = bar.high;
        range_low_ = bar.low;
    }
    if (session_bars_ < opening_range_bars_) {
        range_high_ = std::max(range_high_, bar.high);
        range_low_ = std::min(range_low_, bar.low);
    }
    ++session_bars_;
}

void Scalp::on_bar_closed(const ClosedBar& bar, Signal& signal) {
    if (bar.timeframe == fifteen_minutes) {
        on_trend_bar(bar.candle);
        return;
    }
    const Candle& c = bar.candle;
    // The range known before this bar: a breakout is measured against it.
    std::optional<double> range_high;
    std::optional<double> range_low;
    if (session_ == c.open_time.floor_to(std::chrono::days(1))
        && session_bars_ >= opening_range_bars_) {
        range_high = range_high_;
        range_low = range_low_;
    }
    track_opening_range(c);
    ScalpView view{c,
                   previous_close_,
                   vwap_.update(c),
                   atr_.update(c),
                   rsi_.update(c.close),
                   macd_.update(c.close).histogram,
                   bands_.update(c.close).width_pct(),
                   volume_ratio_.update(c.volume),
                   fast_.update(c.close),
                   slow_.update(c.close),
                   higher_trend_,
                   0,
                   0,
                   range_high,
                   range_low};
    swing_.update(c);
    view.swing_high = swing_.high();
    view.swing_low = swing_.low();
    const bool previous_known = !std::isnan(previous_close_);
    previous_close_ = c.close;
    const bool ready = atr_.ready() && rsi_.ready() && macd_.ready() && bands_.ready()
                       && volume_ratio_.ready() && slow_.ready() && swing_.ready();
    if (!ready || !previous_known || std::isnan(view.volume_ratio)) {
        return;
    }
    scalp_rules(view, settings_, signal);
}

Result<std::unique_ptr<Strategy>> make_scalp(const Parameters& parameters) {
    return std::unique_ptr<Strategy>(std::make_unique<Scalp>(parameters));
}

}  // namespace osprey::strategy::builtin
