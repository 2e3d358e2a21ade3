// osprey sweep --data PATH --strategy NAME (--grid KEY=SPEC)... [--random N]
//              [--threads N] [--top N] [--rank METRIC] [--out runs.csv]
//              [--walk-forward FRACTION] [--dask SCHEDULER_ADDRESS] [backtest options]

#include "sim/sweep.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/commands/run_options.hpp"
#include "app/report.hpp"
#include "app/stopwatch.hpp"
#include "core/json_text.hpp"

namespace osprey::app {

namespace {

struct SweepOptions {
    RunOptions run;
    std::vector<std::string> grid;
    std::size_t random = 0;
    std::uint64_t seed = 1;
    unsigned threads = 0;
    std::size_t top = 10;
    std::string rank = "return_pct";
    std::string out;
    double walk_forward = 0;
    std::string dask;
};

// The figure runs are ranked by; higher is better (drawdown is negated).
using Metric = std::optional<double> (*)(const engine::PerformanceSummary&);

struct RankMetric {
    std::string_view name;
    Metric metric;
};

constexpr RankMetric metrics[] = {
    {"return_pct", [](const engine::PerformanceSummary& s) { return std::optional(s.return_pct); }},
    {"sharpe", [](const engine::PerformanceSummary& s) { return s.sharpe; }},
    {"sortino", [](const engine::PerformanceSummary& s) { return s.sortino; }},
    {"profit_factor", [](const engine::PerformanceSummary& s) { return s.profit_factor; }},
    {"win_rate", [](const engine::PerformanceSummary& s) { return std::optional(s.win_rate); }},
    {"max_drawdown_pct",
     [](const engine::PerformanceSummary& s) { return std::optional(-s.max_drawdown_pct); }},
};

// Indices of the accepted runs, best first; ties keep the combination order.
std::vector<std::size_t> ranking(const std::vector<sim::SweepRun>& runs, Metric metric) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].refused.empty()) {
            order.push_back(i);
        }
    }
    const auto key = [&](std::size_t i) {
        const std::optional<double> value = metric(runs[i].summary);
        return value ? *value : -std::numeric_limits<double>::infinity();
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return order;
}

// Runs the sweep on a worker while this thread draws its progress.
std::vector<sim::SweepRun> run_with_progress(const LoadedCandles& data,
                                             std::span<const Candle> candles,
                                             const strategy::StrategyInfo& info,
                                             const std::vector<sim::Combination>& combinations,
                                             const sim::SweepSettings& settings,
                                             std::string_view label) {
    std::atomic<std::size_t> completed{0};
    auto future = std::async(std::launch::async, [&] {
        return sim::run_sweep(candles, data.timeframe, info, combinations, settings, completed);
    });
    const bool terminal = ::isatty(::fileno(stderr)) != 0;
    const Stopwatch stopwatch;
    std::size_t last_tenth = 0;
    const auto draw = [&](bool final) {
        const std::size_t done = completed.load();
        const double seconds = stopwatch.elapsed().count();
        const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        const double eta = rate > 0 ? static_cast<double>(combinations.size() - done) / rate : 0;
        const std::size_t filled = combinations.empty() ? 30 : 30 * done / combinations.size();
        const std::string line =
            fmt::format("{} [{:<30}] {}/{} runs, {:.1f} runs/s, ETA {}:{:02}", label,
                        std::string(filled, '#'), done, combinations.size(), rate,
                        static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
        const std::size_t tenth = combinations.empty() ? 10 : 10 * done / combinations.size();
        if (terminal) {
            std::fprintf(stderr, "\r%s%s", line.c_str(), final ? "\n" : "");
        } else if (final || tenth > last_tenth) {
            std::fprintf(stderr, "%s\n", line.c_str());  // a log gets a line per 10 %
            last_tenth = tenth;
        }
    };
    while (future.wait_for(std::chrono::milliseconds(250)) != std::future_status::ready) {
        draw(false);
    }
    draw(true);
    return future.get();
}

std::string parameters_text(const strategy::StrategyInfo& info, const sim::Combination& c) {
    std::string text;
    for (std::size_t i = 0; i < c.size(); ++i) {
        text += fmt::format("{}{}={}", text.empty() ? "" : " ", info.parameters[i].name,
                            strategy::format_parameter(info.parameters[i], c[i]));
    }
    return text;
}

std::string figure(const std::optional<double>& value) {
    return value ? fmt::format("{:.2f}", *value) : std::string("n/a");
}

std::string csv(const strategy::StrategyInfo& info, const std::vector<sim::SweepRun>& runs,
                const std::vector<std::optional<sim::SweepRun>>& out_of_sample) {
    std::string text;
    for (const strategy::ParameterSpec& spec : info.parameters) {
        text += fmt::format("{},", spec.name);
    }
    const char* figures =
        "trades,final_balance,return_pct,max_drawdown_pct,win_rate,profit_factor,sharpe,sortino,"
        "exposure_pct";
    text += fmt::format("{},oos_trades,oos_return_pct,oos_max_drawdown_pct,oos_sharpe,refused\n",
                        figures);
    const auto optional = [](const std::optional<double>& v) {
        return v ? fmt::format("{}", *v) : std::string();
    };
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const sim::SweepRun& run = runs[i];
        for (const double value : run.combination) {
            text += fmt::format("{},", value);
        }
        const engine::PerformanceSummary& s = run.summary;
        if (run.refused.empty()) {
            text +=
                fmt::format("{},{},{},{},{},{},{},{},{},", s.trades, s.final_balance, s.return_pct,
                            s.max_drawdown_pct, s.win_rate, optional(s.profit_factor),
                            optional(s.sharpe), optional(s.sortino), s.exposure_pct);
        } else {
            text += ",,,,,,,,,";
        }
        if (out_of_sample[i]) {
            const engine::PerformanceSummary& o = out_of_sample[i]->summary;
            text += fmt::format("{},{},{},{},", o.trades, o.return_pct, o.max_drawdown_pct,
                                optional(o.sharpe));
        } else {
            text += ",,,,";
        }
        std::string refused = run.refused;
        std::replace(refused.begin(), refused.end(), ',', ';');
        std::replace(refused.begin(), refused.end(), '"', '\'');
        text += refused + "\n";
    }
    return text;
}

// The metric to rank by, after checking --rank and --walk-forward.
Result<const RankMetric*> checked_rank(const SweepOptions& options) {
    const RankMetric* rank = nullptr;
    for (const RankMetric& m : metrics) {
        rank = m.name == options.rank ? &m : rank;
    }
    if (rank == nullptr) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("unknown --rank '{}' (return_pct, sharpe, sortino, "
                                "profit_factor, win_rate, max_drawdown_pct)",
                                options.rank));
    }
    if (options.walk_forward != 0 && !(options.walk_forward > 0.1 && options.walk_forward < 0.95)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid --walk-forward {}: the in-sample share, "
                                "between 0.1 and 0.95",
                                options.walk_forward));
    }
    if (options.run.data.size() != 1) {
        return fail(ErrorCode::InvalidArgument,
                    "a sweep reads one --data file (portfolios: osprey backtest)");
    }
    return rank;
}

// Every parameter combination the sweep runs: the full grid or a random sample.
Result<std::vector<sim::Combination>> combinations_for(const SweepOptions& options,
                                                       const strategy::StrategyInfo& info) {
    std::vector<sim::Axis> axes;
    for (const std::string& text : options.grid) {
        auto axis = sim::parse_axis(text, info);
        if (!axis) {
            return fail(axis.error());
        }
        axes.push_back(std::move(*axis));
    }
    if (options.random > 0) {
        return sim::random_combinations(info, axes, options.random, options.seed);
    }
    return sim::grid(info, axes);
}

std::string summary_table(const SweepOptions& options, const strategy::StrategyInfo& info,
                          std::span<const sim::SweepRun> runs,
                          std::span<const std::optional<sim::SweepRun>> validated,
                          std::span<const std::size_t> order, std::size_t shown, double seconds,
                          unsigned threads) {
    std::string table = fmt::format(
        "Sweep  {} on {}: {} runs ({} refused) in {:.1f} s on {} threads, {:.1f} runs/s; "
        "best by {}\n\n",
        options.run.strategy, options.run.data.front(), runs.size(), runs.size() - order.size(),
        seconds, threads, seconds > 0 ? static_cast<double>(runs.size()) / seconds : 0.0,
        options.rank);
    table += fmt::format("  {:>4}  {:>7} {:>9} {:>9} {:>7} {:>7}{}  parameters\n", "rank", "trades",
                         "return%", "drawdown%", "pf", "sharpe",
                         options.walk_forward > 0 ? "  oos return%  oos sharpe" : "");
    for (std::size_t k = 0; k < shown; ++k) {
        const sim::SweepRun& run = runs[order[k]];
        const engine::PerformanceSummary& s = run.summary;
        std::string oos;
        if (validated[order[k]]) {
            const engine::PerformanceSummary& o = validated[order[k]]->summary;
            oos = fmt::format("  {:>11.2f}  {:>10}", o.return_pct, figure(o.sharpe));
        }
        table += fmt::format("  {:>4}  {:>7} {:>9.2f} {:>9.2f} {:>7} {:>7}{}  {}\n", k + 1,
                             s.trades, s.return_pct, s.max_drawdown_pct, figure(s.profit_factor),
                             figure(s.sharpe), oos, parameters_text(info, run.combination));
    }
    return table;
}

int run_sweep_command(const SweepOptions& options) {
    const auto info = strategy_named(options.run);
    if (!info) {
        return report_error(info.error(), exit_usage);
    }
    auto config = backtest_config(options.run);
    if (!config) {
        return report_error(config.error(), exit_usage);
    }
    const auto rank = checked_rank(options);
    if (!rank) {
        return report_error(rank.error(), exit_usage);
    }
    auto combinations = combinations_for(options, **info);
    if (!combinations) {
        return report_error(combinations.error(), exit_usage);
    }
    const std::string& path = options.run.data.front();
    auto loaded = load_candles(options.run, path);
    if (!loaded) {
        return report_error(loaded.error(), loaded.error().code == ErrorCode::InvalidArgument
                                                ? exit_usage
                                                : exit_failure);
    }
    std::span<const Candle> in_sample = loaded->candles;
    std::span<const Candle> out_sample;
    if (options.walk_forward > 0) {
        const auto split = static_cast<std::size_t>(
            std::floor(static_cast<double>(loaded->candles.size()) * options.walk_forward));
        in_sample = in_sample.first(split);
        out_sample = std::span<const Candle>(loaded->candles).subspan(split);
    }
    sim::SweepSettings settings{*config, options.threads > 0
                                             ? options.threads
                                             : std::max(1U, std::thread::hardware_concurrency())};
    const Stopwatch stopwatch;
    const std::vector<sim::SweepRun> runs =
        run_with_progress(*loaded, in_sample, **info, *combinations, settings,
                          options.walk_forward > 0 ? "in-sample " : "sweep");
    const double seconds = stopwatch.elapsed().count();
    const std::vector<std::size_t> order = ranking(runs, (*rank)->metric);
    const std::size_t shown = std::min(options.top, order.size());

    std::vector<std::optional<sim::SweepRun>> validated(runs.size());
    if (options.walk_forward > 0 && shown > 0) {
        std::vector<sim::Combination> best;
        for (std::size_t k = 0; k < shown; ++k) {
            best.push_back(runs[order[k]].combination);
        }
        std::vector<sim::SweepRun> oos =
            run_with_progress(*loaded, out_sample, **info, best, settings, "out-of-sample");
        for (std::size_t k = 0; k < shown; ++k) {
            validated[order[k]] = std::move(oos[k]);
        }
    }
    const std::string table =
        summary_table(options, **info, runs, validated, order, shown, seconds, settings.threads);
    if (!options.out.empty()) {
        if (Status written = write_file_atomically(options.out, csv(**info, runs, validated));
            !written) {
            return report_error(written.error(), exit_failure);
        }
    }
    std::fwrite(table.data(), 1, table.size(), stdout);
    return 0;
}

// `--dask ADDRESS`: the same sweep with its runs on a Dask cluster. The
// Python package (python/osprey/dask_sweep.py) runs it with the engine's
// own bindings and prints the same table and CSV; it gets the options as
// given, and finds the package beside this binary (bin/../python) if built.
int run_on_dask(const CLI::App& command) {
    std::filesystem::path package;
    std::error_code ec;
    const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        package = binary.parent_path().parent_path() / "python";
    }
    std::vector<std::string> arguments{
        "/usr/bin/python3", "-c",
        fmt::format(
            "import sys\nsys.path.insert(0, {})\ntry:\n"
            "    from osprey.dask_sweep import command\n"
            "except ImportError as e:\n"
            "    sys.exit(f'osprey: --dask needs the Python module (docs/python.md): {{e}}')\n"
            "sys.exit(command(sys.argv[1:]))",
            json_string(package.string()))};
    for (const CLI::Option* option : command.get_options()) {
        if (option->count() == 0) {
            continue;
        }
        if (option->get_type_size() == 0) {  // a flag
            arguments.push_back(option->get_name());
            continue;
        }
        for (const std::string& value : option->results()) {
            arguments.push_back(fmt::format("{}={}", option->get_name(), value));
        }
    }
    std::vector<char*> argv;
    argv.reserve(arguments.size() + 1);
    for (std::string& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    ::execv(argv.front(), argv.data());
    return report_error(
        Error{ErrorCode::Unavailable,
              fmt::format("cannot run /usr/bin/python3 for --dask: {}",
                          std::error_code(errno, std::generic_category()).message())},
        exit_failure);
}

}  // namespace

Action add_sweep_command(CLI::App& cli) {
    auto options = std::make_shared<SweepOptions>();
    CLI::App* command =
        cli.add_subcommand("sweep", "Backtest many parameter combinations on every core");
    add_run_options(*command, options->run);
    command->add_option("--grid", options->grid,
                        "KEY=FROM:TO:STEP or KEY=A,B,C (repeatable; all combinations)");
    command->add_option("--random", options->random,
                        "Draw this many combinations at random instead (from --grid values or "
                        "each parameter's range)");
    command->add_option("--seed", options->seed, "Seed of --random draws")->default_val(1);
    command->add_option("--threads", options->threads, "Worker threads (0: every core)")
        ->default_val(0);
    command->add_option("--top", options->top, "Rows in the best-runs table")->default_val(10);
    command
        ->add_option("--rank", options->rank,
                     "Order runs by: return_pct, sharpe, sortino, profit_factor, win_rate, "
                     "max_drawdown_pct")
        ->default_val("return_pct");
    command->add_option("--out", options->out, "Write every run to this CSV file");
    command
        ->add_option("--walk-forward", options->walk_forward,
                     "Sweep on the first FRACTION of the data, then replay the best runs on "
                     "the rest")
        ->default_val(0);
    command->add_option("--dask", options->dask,
                        "Run the combinations on this Dask scheduler (tcp://HOST:PORT) instead; "
                        "needs the Python module (docs/python.md)");
    return [options, command] {
        return options->dask.empty() ? run_sweep_command(*options) : run_on_dask(*command);
    };
}

}  // namespace osprey::app
