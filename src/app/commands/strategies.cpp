// osprey strategies [--json]: every built-in strategy with its parameters,
// defaults and ranges.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "core/json_text.hpp"
#include "strategy/catalog.hpp"

namespace osprey::app {

namespace {

std::string_view kind_name(strategy::ParameterKind kind) {
    return kind == strategy::ParameterKind::Integer ? "integer" : "real";
}

std::string as_text() {
    std::string out;
    for (const strategy::StrategyInfo& info : strategy::builtin_strategies()) {
        out += fmt::format("{}\n  {}\n", info.name, info.summary);
        for (const strategy::ParameterSpec& p : info.parameters) {
            out +=
                fmt::format("  --set {}=N  {:<8} default {:<8} range {} to {:<8} {}\n", p.name,
                            kind_name(p.kind), format_parameter(p, p.default_value),
                            format_parameter(p, p.min), format_parameter(p, p.max), p.description);
        }
        out += "\n";
    }
    return out;
}

std::string as_json() {
    std::string out = "[";
    for (const strategy::StrategyInfo& info : strategy::builtin_strategies()) {
        out +=
            fmt::format(R"({}{{"name":{},"summary":{},"parameters":[)", out.size() > 1 ? "," : "",
                        json_string(info.name), json_string(info.summary));
        bool first = true;
        for (const strategy::ParameterSpec& p : info.parameters) {
            out += fmt::format(
                R"({}{{"name":{},"kind":"{}","default":{},"min":{},"max":{},"description":{}}})",
                first ? "" : ",", json_string(p.name), kind_name(p.kind), p.default_value, p.min,
                p.max, json_string(p.description));
            first = false;
        }
        out += "]}";
    }
    return out + "]\n";
}

}  // namespace

Action add_strategies_command(CLI::App& cli) {
    auto json = std::make_shared<bool>(false);
    CLI::App* command =
        cli.add_subcommand("strategies", "List the strategies and their parameters");
    command->add_flag("--json", *json, "Print JSON");
    return [json] {
        const std::string text = *json ? as_json() : as_text();
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    };
}

}  // namespace osprey::app
