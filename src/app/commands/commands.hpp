#pragma once
// The subcommands of `osprey`. Each registers its options on the command
// line and returns the action to run once parsing succeeded; the action
// returns the process exit status (0 ok, 1 failed, 2 bad usage).
// CLI11 stays out of this header (it is heavy): only a declaration.

#include <functional>

#include "core/error.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace osprey::app {

// Bad usage: unknown strategy or parameter, a value that does not parse.
inline constexpr int exit_usage = 2;
inline constexpr int exit_failure = 1;

using Action = std::function<int()>;

Action add_backtest_command(CLI::App& cli);
// `osprey download`: kline history into a candle CSV (download.cpp).
Action add_download_command(CLI::App& cli);
// `osprey report`: a backtest that writes an HTML report (in backtest.cpp).
Action add_report_command(CLI::App& cli);
// `osprey serve`: the daemon (serve.cpp); `osprey bot ...` talks to it (bot.cpp).
Action add_serve_command(CLI::App& cli);
Action add_bot_command(CLI::App& cli);
Action add_strategies_command(CLI::App& cli);
Action add_sweep_command(CLI::App& cli);

// One line on stderr: "osprey: <message>".
void print_error(const char* message);

// print_error(error.message), then returns `status`.
int report_error(const Error& error, int status);

}  // namespace osprey::app
