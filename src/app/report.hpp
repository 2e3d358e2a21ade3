#pragma once
// How a backtest is shown: a readable table, one JSON object, and the trades
// as CSV (numbers printed so that they read back to the same double).

#include <chrono>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/fill.hpp"
#include "core/result.hpp"
#include "sim/backtest.hpp"
#include "strategy/parameters.hpp"

namespace osprey::app {

struct RunDescription {
    std::string strategy;    // "ema_cross(fast=12, slow=26)"
    std::string parameters;  // JSON object text: {"fast":12,"slow":26}
    std::string data;        // the file
    Timeframe timeframe{std::chrono::minutes(1)};
    Timestamp first_bar;
    Timestamp last_bar;
    sim::BacktestConfig config;
    std::chrono::duration<double> elapsed{};
};

// Names the strategy and its parameters in `run`: readable
// ("ema_cross(fast=12, slow=26)") and as a JSON object.
void describe(const strategy::Parameters& parameters, RunDescription& run);

// How many entry signals were not traded, per reason (gate rule, size, daily limit).
std::map<std::string, std::size_t> blocked_by_reason(
    std::span<const engine::BlockedSignal> blocked);

std::string summary_table(const RunDescription& run, const sim::BacktestResult& result);
std::string summary_json(const RunDescription& run, const sim::BacktestResult& result);
std::string trades_csv(std::span<const ClosedTrade> trades);

// Writes through a temporary file renamed into place: the file either
// appears whole or not at all.
Status write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace osprey::app
