#include "strategy/gate.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace osprey::strategy {

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

double feature(const Signal& signal, std::string_view name) {
    for (const Feature& f : signal.features) {
        if (f.name == name) {
            return f.value;
        }
    }
    return missing;
}

// Each check returns the blocking verdict, or a passed one. A missing
// feature (NaN) fails every comparison, so it blocks.
GateVerdict at_least(std::string_view rule, double value, const std::optional<double>& min) {
    return !min || value >= *min ? GateVerdict{} : GateVerdict{rule, value};
}

GateVerdict check_side(const SideRules& r, const Signal& s, bool long_side) {
    const double sign = long_side ? 1.0 : -1.0;
    if (r.rsi) {
        const double rsi = feature(s, gate_feature::rsi);
        if (!(rsi >= r.rsi->min && rsi <= r.rsi->max)) {
            return {"rsi", rsi};
        }
    }
    if (r.macd_hist_min) {
        const double hist = feature(s, gate_feature::macd_hist);
        if (!(hist * sign > 0 && std::abs(hist) >= *r.macd_hist_min)) {
            return {"macd_hist", hist};
        }
    }
    if (r.vwap_distance_max_atr) {
        const double distance = feature(s, gate_feature::vwap_distance_atr);
        if (!(std::abs(distance) <= *r.vwap_distance_max_atr)) {
            return {"vwap_distance_atr", distance};
        }
    }
    if (r.fib_zones) {
        const double zone = feature(s, gate_feature::fib_zone);
        if (!(zone >= 0 && zone < 6 && (*r.fib_zones)[static_cast<std::size_t>(zone)])) {
            return {"fib_zone", zone};
        }
    }
    const std::string_view own_wick =
        long_side ? gate_feature::lower_wick_ratio : gate_feature::upper_wick_ratio;
    for (const GateVerdict v :
         {at_least("volume_ratio", feature(s, gate_feature::volume_ratio), r.volume_ratio_min),
          at_least("wick_delta", feature(s, gate_feature::wick_delta), r.wick_delta_min),
          at_least("wick_ratio", feature(s, own_wick), r.wick_ratio_min),
          at_least("atr_pct", feature(s, gate_feature::atr_pct), r.atr_pct_min),
          at_least("bb_width", feature(s, gate_feature::bb_width_pct) / 100.0, r.bb_width_min)}) {
        if (!v.passed()) {
            return v;
        }
    }
    if (r.higher_timeframe_aligned) {
        const double trend = feature(s, gate_feature::htf_trend);
        if (!(trend * sign > 0)) {
            return {"higher_timeframe", trend};
        }
    }
    return {};
}

}  // namespace

RulesGate RulesGate::pro() {
    SideRules common;
    common.macd_hist_min = 0.0003;
    common.vwap_distance_max_atr = 1.3;
    common.fib_zones = std::array<bool, 6>{false, true, true, true, false, false};
    common.volume_ratio_min = 1.5;
    common.wick_delta_min = 0.10;
    common.wick_ratio_min = 0.25;
    common.atr_pct_min = 0.05;
    common.bb_width_min = 0.010;
    common.higher_timeframe_aligned = true;
    RulesGate gate{common, common};
    gate.long_side.rsi = ValueRange{40, 60};
    gate.short_side.rsi = ValueRange{35, 55};
    return gate;
}

GateVerdict check(const RulesGate& gate, const Signal& signal) {
    if (signal.direction == Direction::Hold) {
        return {};
    }
    const bool long_side = signal.direction == Direction::Buy;
    return check_side(long_side ? gate.long_side : gate.short_side, signal, long_side);
}

std::string describe(const RulesGate& gate, const GateVerdict& verdict, PositionSide side) {
    if (verdict.passed()) {
        return "passed";
    }
    const SideRules& r = side == PositionSide::Long ? gate.long_side : gate.short_side;
    const std::string_view name = side == PositionSide::Long ? "long" : "short";
    if (std::isnan(verdict.value)) {
        return fmt::format("{}: the signal has no such feature ({})", verdict.rule, name);
    }
    std::string want;
    if (verdict.rule == "rsi" && r.rsi) {
        want = fmt::format("outside {}-{}", r.rsi->min, r.rsi->max);
    } else if (verdict.rule == "macd_hist" && r.macd_hist_min) {
        want = fmt::format("not {} with size >= {}", side == PositionSide::Long ? "> 0" : "< 0",
                           *r.macd_hist_min);
    } else if (verdict.rule == "vwap_distance_atr" && r.vwap_distance_max_atr) {
        want = fmt::format("beyond {} ATR", *r.vwap_distance_max_atr);
    } else if (verdict.rule == "fib_zone") {
        want = "not an allowed zone";
    } else if (verdict.rule == "higher_timeframe") {
        want = "against the side";
    } else {
        want = "below the minimum";
    }
    return fmt::format("{} {:.4g} {} ({})", verdict.rule, verdict.value, want, name);
}

}  // namespace osprey::strategy
