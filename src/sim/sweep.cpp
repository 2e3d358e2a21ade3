#include "sim/sweep.hpp"

#include <charconv>
#include <cmath>
#include <random>
#include <thread>

#include <fmt/format.h>

namespace osprey::sim {

namespace {

const strategy::ParameterSpec* find_spec(const strategy::StrategyInfo& info,
                                         std::string_view name) {
    for (const strategy::ParameterSpec& spec : info.parameters) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

bool parse_number(std::string_view text, double& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size()
           && std::isfinite(out);
}

Result<std::vector<double>> parse_range(std::string_view text, std::string_view whole) {
    const auto bad = [&] {
        return fail(
            ErrorCode::InvalidArgument,
            fmt::format("invalid --grid '{}': expected KEY=FROM:TO:STEP or KEY=A,B,C", whole));
    };
    std::vector<double> values;
    if (text.find(':') != std::string_view::npos) {
        double bounds[3] = {0, 0, 0};
        for (double& bound : bounds) {
            const std::size_t colon = text.find(':');
            if (!parse_number(text.substr(0, colon), bound)) {
                return bad();
            }
            text = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
        }
        const auto [from, to, step] = bounds;
        if (!(step > 0) || to < from || !text.empty() || (to - from) / step > 1e6) {
            return bad();
        }
        // Counted, not accumulated, so 0.1 steps do not drift.
        const auto count = static_cast<std::size_t>(std::floor((to - from) / step + 1e-9)) + 1;
        for (std::size_t i = 0; i < count; ++i) {
            values.push_back(from + static_cast<double>(i) * step);
        }
        return values;
    }
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        double value = 0;
        if (!parse_number(text.substr(0, comma), value)) {
            return bad();
        }
        values.push_back(value);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return values;
}

}  // namespace

Result<Axis> parse_axis(std::string_view text, const strategy::StrategyInfo& info) {
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        return fail(
            ErrorCode::InvalidArgument,
            fmt::format("invalid --grid '{}': expected KEY=FROM:TO:STEP or KEY=A,B,C", text));
    }
    Axis axis{std::string(text.substr(0, equals)), {}};
    auto values = parse_range(text.substr(equals + 1), text);
    if (!values) {
        return fail(values.error());
    }
    // Each value must be one the strategy accepts.
    strategy::Parameters check(info.name, info.parameters);
    for (const double value : *values) {
        if (Status ok = check.set(axis.name, value); !ok) {
            return fail(ok.error());
        }
    }
    axis.values = std::move(*values);
    return axis;
}

Result<std::vector<Combination>> grid(const strategy::StrategyInfo& info,
                                      const std::vector<Axis>& axes, std::size_t limit) {
    Combination defaults;
    for (const strategy::ParameterSpec& spec : info.parameters) {
        defaults.push_back(spec.default_value);
    }
    std::vector<Combination> combinations = {defaults};
    for (const Axis& axis : axes) {
        const auto index =
            static_cast<std::size_t>(find_spec(info, axis.name) - info.parameters.data());
        if (combinations.size() * axis.values.size() > limit) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("the grid has more than {} combinations", limit));
        }
        std::vector<Combination> next;
        next.reserve(combinations.size() * axis.values.size());
        for (const Combination& base : combinations) {
            for (const double value : axis.values) {
                next.push_back(base);
                next.back()[index] = value;
            }
        }
        combinations = std::move(next);
    }
    return combinations;
}

std::vector<Combination> random_combinations(const strategy::StrategyInfo& info,
                                             const std::vector<Axis>& axes, std::size_t count,
                                             std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::vector<Combination> combinations;
    combinations.reserve(count);
    for (std::size_t n = 0; n < count; ++n) {
        Combination combination;
        for (const strategy::ParameterSpec& spec : info.parameters) {
            const Axis* axis = nullptr;
            for (const Axis& a : axes) {
                axis = a.name == spec.name ? &a : axis;
            }
            double value = spec.default_value;
            if (axis != nullptr) {
                std::uniform_int_distribution<std::size_t> pick(0, axis->values.size() - 1);
                value = axis->values[pick(generator)];
            } else if (spec.kind == strategy::ParameterKind::Integer) {
                std::uniform_int_distribution<std::int64_t> pick(
                    static_cast<std::int64_t>(spec.min), static_cast<std::int64_t>(spec.max));
                value = static_cast<double>(pick(generator));
            } else {
                std::uniform_real_distribution<double> pick(spec.min, spec.max);
                value = pick(generator);
            }
            combination.push_back(value);
        }
        combinations.push_back(std::move(combination));
    }
    return combinations;
}

namespace {

SweepRun run_one(std::span<const Candle> candles, Timeframe timeframe,
                 const strategy::StrategyInfo& info, const Combination& combination,
                 const BacktestConfig& config) {
    SweepRun run{combination, {}, {}};
    strategy::Parameters parameters(info.name, info.parameters);
    for (std::size_t i = 0; i < combination.size(); ++i) {
        if (Status set = parameters.set(info.parameters[i].name, combination[i]); !set) {
            run.refused = set.error().message;
            return run;
        }
    }
    auto strategy = info.make(parameters);
    if (!strategy) {
        run.refused = strategy.error().message;
        return run;
    }
    auto result = run_backtest(candles, timeframe, std::move(*strategy), config);
    if (!result) {
        run.refused = result.error().message;
        return run;
    }
    run.summary = result->summary;
    return run;
}

}  // namespace

std::vector<SweepRun> run_sweep(std::span<const Candle> candles, Timeframe timeframe,
                                const strategy::StrategyInfo& info,
                                const std::vector<Combination>& combinations,
                                const SweepSettings& settings,
                                std::atomic<std::size_t>& completed) {
    std::vector<SweepRun> runs(combinations.size());
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i = next++; i < combinations.size(); i = next++) {
            runs[i] = run_one(candles, timeframe, info, combinations[i], settings.backtest);
            ++completed;
        }
    };
    const unsigned threads = std::max(1U, settings.threads);
    {
        std::vector<std::jthread> workers;
        for (unsigned t = 1; t < threads; ++t) {
            workers.emplace_back(work);
        }
        work();
    }  // the jthreads join here
    return runs;
}

}  // namespace osprey::sim
