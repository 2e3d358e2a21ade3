#include "strategy/builtin/volatile.hpp"

#include <cmath>

#include <fmt/format.h>

namespace osprey::strategy::builtin {

void volatile_rules(const VolatileView& view, const VolatileSettings& settings, Signal& signal) {
    const bool rising =
        view.histogram > view.previous_histogram && view.close > view.previous_close;
    const bool falling =
        view.histogram < view.previous_histogram && view.close < view.previous_close;
    if (view.bars_since_lower < settings.band_bars && view.rsi <= settings.rsi_low && rising) {
        signal.direction = Direction::Buy;
        signal.reason = "oversold off the lower band, turning up";
    } else if (view.bars_since_upper < settings.band_bars && view.rsi >= settings.rsi_high
               && falling) {
        signal.direction = Direction::Sell;
        signal.reason = "overbought off the upper band, turning down";
    } else {
        return;
    }
    const double width = view.bands.upper - view.bands.lower;
    signal.features.add("rsi", view.rsi);
    signal.features.add("macd_hist", view.histogram);
    signal.features.add("bb_position", width > 0 ? (view.close - view.bands.lower) / width : 0.5);
    signal.features.add("bb_width_pct", view.bands.width_pct());
}

Volatile::Volatile(const Parameters& p)
    : settings_{p.get("rsi_low"), p.get("rsi_high"), p.get_int("band_bars")},
      rsi_(p.get_int("rsi_period")),
      bands_(p.get_int("bb_period"), p.get("bb_deviations")),
      macd_(p.get_int("macd_fast"), p.get_int("macd_slow"), p.get_int("macd_signal")) {}

void Volatile::on_bar_closed(const ClosedBar& bar, Signal& signal) {
    const double close = bar.candle.close;
    const double rsi = rsi_.update(close);
    const indicators::BollingerValue bands = bands_.update(close);
    const double histogram = macd_.update(close).histogram;
    bars_since_lower_ = bands_.ready() && close <= bands.lower ? 0 : bars_since_lower_ + 1;
    bars_since_upper_ = bands_.ready() && close >= bands.upper ? 0 : bars_since_upper_ + 1;
    const VolatileView view{close, previous_close_, bars_since_lower_, bars_since_upper_,
                            rsi,   bands,           histogram,         previous_histogram_};
    previous_histogram_ = histogram;
    previous_close_ = close;
    if (!rsi_.ready() || !bands_.ready() || !macd_.ready() || std::isnan(view.previous_histogram)) {
        return;
    }
    volatile_rules(view, settings_, signal);
}

Result<std::unique_ptr<Strategy>> make_volatile(const Parameters& parameters) {
    if (parameters.get("rsi_low") >= parameters.get("rsi_high")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'volatile': parameter 'rsi_low' must be below 'rsi_high'");
    }
    if (parameters.get_int("macd_fast") >= parameters.get_int("macd_slow")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'volatile': parameter 'macd_fast' must be less than 'macd_slow'");
    }
    return std::unique_ptr<Strategy>(std::make_unique<Volatile>(parameters));
}

}  // namespace osprey::strategy::builtin
