#pragma once
// The config file (DESIGN.md "Configuration and command line"): YAML, with
// `${VAR}` replaced from the environment. Every setting is optional; what a
// file leaves out keeps its default, and a command-line option given
// explicitly wins over the file.
//
//   gate: pro                  # or: off, or a map (see docs/risk.md)
//   risk:
//     sizing: risk_percent     # amount | risk_percent | risk_amount
//     risk_pct: 1
//     fee_aware: true
//     min_notional: 5
//     daily_loss_limit_pct: 3
//     max_open_positions: 4
//   notify:                    # see docs/notifications.md
//     telegram: {token: "${TELEGRAM_TOKEN}", chat_ids: [123456789]}
//     discord: {webhook_url: "${DISCORD_WEBHOOK_URL}"}
//     kinds: [trade_opened, trade_closed, error]
//     summary_hours: 6
//
// Errors name the file and line: "osprey.yaml:7: unknown key 'rsii' in gate.long".

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "notify/config.hpp"
#include "risk/sizing.hpp"
#include "strategy/gate.hpp"

namespace osprey::app {

struct RiskSettings {
    std::optional<risk::SizingMode> sizing;
    std::optional<double> amount;
    std::optional<double> risk_pct;
    std::optional<double> risk_amount;
    std::optional<bool> fee_aware;
    std::optional<risk::Compounding> compounding;
    std::optional<double> min_notional;
    std::optional<double> daily_loss_limit_pct;
    std::optional<std::size_t> max_open_positions;
    std::optional<double> stop_loss_pct;
    std::optional<double> take_profit_pct;
    std::optional<double> trailing_stop_pct;
};

struct ConfigFile {
    // Unset: the file says nothing about the gate. Set to an empty optional
    // inside: `gate: off`.
    std::optional<std::optional<strategy::RulesGate>> gate;
    RiskSettings risk;
    // Empty unless the file has a `notify:` section (then notify::start it).
    notify::Config notify;
};

// Parses config text; `source` names it in errors (the file's path).
Result<ConfigFile> parse_config(std::string_view text, std::string_view source);

Result<ConfigFile> load_config(const std::filesystem::path& path);

}  // namespace osprey::app
