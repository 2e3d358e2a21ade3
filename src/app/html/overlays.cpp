#include "app/html/overlays.hpp"

#include <array>
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "data/resample.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/moving_average.hpp"
#include "indicators/vwap.hpp"

namespace osprey::app {

namespace {

constexpr const char* fast_colour = "#f5a623";
constexpr const char* slow_colour = "#4a90e2";
constexpr const char* band_colour = "#9b59b6";
constexpr const char* vwap_colour = "#e91e63";

// The bars a strategy computes its indicators on, and their timeframe.
struct TradingBars {
    std::span<const Candle> bars;
    Timeframe timeframe;
};

// Each display bar takes the value of the last trading bar closed by its close.
std::vector<double> on_display_bars(const TradingBars& trading, std::span<const double> values,
                                    const ChartBars& chart) {
    std::vector<double> shown;
    shown.reserve(chart.display.size());
    std::size_t next = 0;
    double last = indicators::no_value;
    for (const Candle& bar : chart.display) {
        const Timestamp close = bar.open_time + chart.display_timeframe.span();
        while (next < trading.bars.size()
               && trading.bars[next].open_time + trading.timeframe.span() <= close) {
            last = values[next];
            ++next;
        }
        shown.push_back(last);
    }
    return shown;
}

std::vector<double> closes(std::span<const Candle> bars) {
    std::vector<double> out;
    out.reserve(bars.size());
    for (const Candle& bar : bars) {
        out.push_back(bar.close);
    }
    return out;
}

void add_emas(const strategy::Parameters& parameters, const TradingBars& trading,
              const ChartBars& chart, std::vector<Overlay>& overlays) {
    const std::vector<double> close = closes(trading.bars);
    const std::array<std::pair<const char*, const char*>, 2> lines = {
        {{"fast", fast_colour}, {"slow", slow_colour}}};
    for (const auto& [name, colour] : lines) {
        const int period = parameters.get_int(name);
        overlays.push_back({fmt::format("EMA {}", period), colour,
                            on_display_bars(trading, indicators::ema(close, period), chart)});
    }
}

void add_bollinger(const strategy::Parameters& parameters, const TradingBars& trading,
                   const ChartBars& chart, std::vector<Overlay>& overlays) {
    const int period = parameters.get_int("bb_period");
    const double deviations = parameters.get("bb_deviations");
    const indicators::BollingerSeries bands =
        indicators::bollinger(closes(trading.bars), period, deviations);
    const std::string name = fmt::format("BB {} {}", period, deviations);
    overlays.push_back(
        {name + " upper", band_colour, on_display_bars(trading, bands.upper, chart)});
    overlays.push_back(
        {name + " middle", band_colour, on_display_bars(trading, bands.middle, chart)});
    overlays.push_back(
        {name + " lower", band_colour, on_display_bars(trading, bands.lower, chart)});
}

void add_scalp(const TradingBars& trading, const ChartBars& chart, std::vector<Overlay>& overlays) {
    const std::vector<double> close = closes(trading.bars);
    overlays.push_back(
        {"VWAP", vwap_colour, on_display_bars(trading, indicators::vwap(trading.bars), chart)});
    overlays.push_back(
        {"EMA 8", fast_colour, on_display_bars(trading, indicators::ema(close, 8), chart)});
    overlays.push_back(
        {"EMA 21", slow_colour, on_display_bars(trading, indicators::ema(close, 21), chart)});
}

}  // namespace

std::vector<Overlay> strategy_overlays(const strategy::Parameters& parameters,
                                       const ChartBars& bars) {
    std::vector<Overlay> overlays;
    const std::string_view name = parameters.strategy();
    const TradingBars own{bars.base, bars.base_timeframe};
    if (name == "ema_cross" || name == "simple" || name == "enhanced" || name == "signals") {
        add_emas(parameters, own, bars, overlays);
    } else if (name == "volatile") {
        add_bollinger(parameters, own, bars, overlays);
    } else if (name == "scalp") {
        // scalp trades 3m bars, which the engine builds from 1m or 3m data.
        const Timeframe three_minutes(std::chrono::minutes(3));
        if (three_minutes == bars.base_timeframe) {
            add_scalp(own, bars, overlays);
        } else if (three_minutes > bars.base_timeframe
                   && three_minutes.is_multiple_of(bars.base_timeframe)) {
            if (auto resampled = data::resample(bars.base, bars.base_timeframe, three_minutes)) {
                add_scalp({*resampled, three_minutes}, bars, overlays);
            }
        }
    }
    return overlays;
}

}  // namespace osprey::app
