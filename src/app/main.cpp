// osprey: the command line. The outermost catch boundary: whatever escapes
// becomes one line on stderr and a non-zero exit.

#include <cstdio>
#include <exception>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "app/commands/commands.hpp"

namespace osprey::app {

namespace {

int run(int argc, char** argv) {
    CLI::App cli("Osprey: backtest, paper-trade and live-trade crypto strategies", "osprey");
    cli.set_version_flag("--version", "osprey 0.1.0");
    cli.require_subcommand(1);
    const std::map<std::string, Action> actions = {
        {"backtest", add_backtest_command(cli)}, {"bot", add_bot_command(cli)},
        {"download", add_download_command(cli)}, {"report", add_report_command(cli)},
        {"serve", add_serve_command(cli)},       {"strategies", add_strategies_command(cli)},
        {"sweep", add_sweep_command(cli)},
    };
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return cli.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return cli.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return cli.exit(version);
    } catch (const CLI::ParseError& error) {
        if (argc == 1) {
            std::fputs(cli.help().c_str(), stderr);
        }
        print_error(error.what());
        return exit_usage;
    }
    return actions.at(cli.get_subcommands().front()->get_name())();
}

}  // namespace
}  // namespace osprey::app

int main(int argc, char** argv) {
    try {
        return osprey::app::run(argc, argv);
    } catch (const std::exception& error) {
        osprey::app::print_error(error.what());
    } catch (...) {
        osprey::app::print_error("unexpected error");
    }
    return osprey::app::exit_failure;
}
