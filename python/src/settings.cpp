#include "settings.hpp"

#include <CLI/CLI.hpp>

#include "app/commands/run_options.hpp"

namespace osprey::python {

Result<RunSettings> run_settings(const std::vector<std::string>& arguments) {
    CLI::App command("osprey run settings", "osprey");
    command.allow_extras();
    app::RunOptions options;
    app::add_run_options(command, options);
    // CLI11 reads a vector of arguments from its back.
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    try {
        command.parse(reversed);
    } catch (const CLI::ParseError& error) {
        return fail(ErrorCode::InvalidArgument, error.what());
    }
    auto config = app::backtest_config(options);
    if (!config) {
        return fail(config.error());
    }
    return RunSettings{options.data.empty() ? std::string() : options.data.front(),
                       options.strategy, options.timeframe, *config};
}

}  // namespace osprey::python
