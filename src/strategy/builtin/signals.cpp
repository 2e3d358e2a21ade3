#include "strategy/builtin/signals.hpp"

#include <cmath>

namespace osprey::strategy::builtin {

double signal_confidence(const SignalsView& v, int side) {
    const double s = side;
    const double trend = s * (v.fast - v.slow) > 0 ? 1.0 : 0.0;
    const double price = s * (v.close - v.fast) > 0 ? 1.0 : 0.0;
    const double rsi = side > 0 ? v.rsi : 100.0 - v.rsi;  // mirror for shorts
    const double momentum = (rsi >= 50 && rsi <= 70) ? 1.0 : (rsi >= 45 && rsi < 50 ? 0.5 : 0.0);
    const bool right_side = s * v.histogram > 0;
    const bool growing = s * (v.histogram - v.previous_histogram) > 0;
    const double macd = right_side ? (growing ? 1.0 : 0.5) : 0.0;
    const double volume = v.volume_ratio >= 1.2 ? 1.0 : (v.volume_ratio >= 0.8 ? 0.5 : 0.0);
    return 0.30 * trend + 0.15 * price + 0.20 * momentum + 0.20 * macd + 0.15 * volume;
}

Quality quality_of(double confidence) {
    if (confidence >= 0.85) {
        return Quality::Premium;
    }
    if (confidence >= 0.75) {
        return Quality::Strong;
    }
    return confidence >= 0.65 ? Quality::Standard : Quality::Weak;
}

void signals_rules(const SignalsView& view, const std::array<double, 2>& previous_confidence,
                   const SignalsSettings& settings, Signal& signal) {
    const double long_confidence = signal_confidence(view, 1);
    const double short_confidence = signal_confidence(view, -1);
    const bool long_fires = long_confidence >= settings.min_confidence
                            && previous_confidence[0] < settings.min_confidence;
    const bool short_fires = short_confidence >= settings.min_confidence
                             && previous_confidence[1] < settings.min_confidence;
    if (long_fires == short_fires || !(view.atr > 0)) {
        return;  // nothing, or a contradiction
    }
    const int side = long_fires ? 1 : -1;
    const double confidence = long_fires ? long_confidence : short_confidence;
    const double risk = settings.stop_atr * view.atr;
    signal.direction = side > 0 ? Direction::Buy : Direction::Sell;
    signal.reason = side > 0 ? "long confidence rose through the threshold"
                             : "short confidence rose through the threshold";
    signal.confidence = confidence;
    signal.quality = quality_of(confidence);
    signal.entry = view.close;
    signal.stop = view.close - side * risk;
    for (std::size_t i = 0; i < signal.take_profit.size(); ++i) {
        signal.take_profit[i] = view.close + side * static_cast<double>(i + 1) * risk;
    }
    signal.features.add("confidence", confidence);
    signal.features.add("rsi", view.rsi);
    signal.features.add("macd_hist", view.histogram);
    signal.features.add("volume_ratio", view.volume_ratio);
    signal.features.add("ema_spread_pct", (view.fast - view.slow) / view.slow * 100.0);
    signal.features.add("atr_pct", view.atr / view.close * 100.0);
}

Signals::Signals(const Parameters& p)
    : settings_{p.get("min_confidence"), p.get("stop_atr")},
      fast_(p.get_int("fast")),
      slow_(p.get_int("slow")),
      atr_(p.get_int("atr_period")) {}

void Signals::on_bar_closed(const ClosedBar& bar, Signal& signal) {
    const Candle& c = bar.candle;
    const SignalsView view{c.close,
                           fast_.update(c.close),
                           slow_.update(c.close),
                           rsi_.update(c.close),
                           macd_.update(c.close).histogram,
                           previous_histogram_,
                           volume_ratio_.update(c.volume),
                           atr_.update(c)};
    previous_histogram_ = view.histogram;
    const bool ready = slow_.ready() && rsi_.ready() && macd_.ready() && volume_ratio_.ready()
                       && atr_.ready() && !std::isnan(view.previous_histogram)
                       && !std::isnan(view.volume_ratio);
    if (!ready) {
        return;
    }
    signals_rules(view, previous_confidence_, settings_, signal);
    previous_confidence_ = {signal_confidence(view, 1), signal_confidence(view, -1)};
}

Result<std::unique_ptr<Strategy>> make_signals(const Parameters& parameters) {
    if (parameters.get_int("fast") >= parameters.get_int("slow")) {
        return fail(ErrorCode::InvalidArgument,
                    "strategy 'signals': parameter 'fast' must be less than 'slow'");
    }
    return std::unique_ptr<Strategy>(std::make_unique<Signals>(parameters));
}

}  // namespace osprey::strategy::builtin
