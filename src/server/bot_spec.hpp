#pragma once
// A bot as a user describes it (DESIGN.md, issue 6): name, exchange,
// symbol, strategy and parameters, mode, amount, sizing, stop loss, take
// profit and compounding. The API takes it as JSON; the store keeps it as
// that JSON (BotRecord::parameters), so a restarted daemon builds the same
// bot again.
//
//   {"name": "btc-ema", "exchange": "binance", "symbol": "BTCUSDT",
//    "strategy": "ema_cross", "parameters": {"fast": 8, "slow": 40},
//    "mode": "paper", "timeframe": "1m", "amount": "100",
//    "stop_loss_pct": 2, "take_profit_pct": 5, "trailing_stop_pct": 0,
//    "compounding": true, "sizing": "amount", "risk_pct": 1, "risk_amount": 0,
//    "fee_aware": false, "fee": 0.001}
//
// Only name, symbol, strategy and amount are required.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"

namespace osprey::server {

enum class BotMode : std::uint8_t { Paper, Live };

// How an entry is sized (docs/risk.md): the amount; a percentage of the
// bot's equity at risk to the stop; a fixed risk in quote.
enum class SizingChoice : std::uint8_t { Amount, RiskPercent, RiskAmount };

struct BotSpec {
    std::string name;
    std::string exchange = "binance";
    Symbol symbol;
    std::string strategy;
    // The strategy's parameters as given (numbers as their JSON text).
    std::vector<std::pair<std::string, std::string>> parameters;
    BotMode mode = BotMode::Paper;
    Timeframe timeframe{std::chrono::minutes(1)};
    Decimal amount;
    double stop_loss_pct = 2;
    double take_profit_pct = 5;
    double trailing_stop_pct = 0;
    bool compounding = true;
    SizingChoice sizing = SizingChoice::Amount;
    double risk_pct = 1;     // RiskPercent
    double risk_amount = 0;  // RiskAmount, in quote
    bool fee_aware = false;  // count both fees in the size
    double fee = 0.001;      // paper fills' fee rate per side
};

// Untrusted JSON text: an error names the field and what is wrong with it
// ("amount: must be a positive decimal, got \"-5\"").
Result<BotSpec> parse_bot_spec(std::string_view json);

// `patch` (JSON, any subset of the fields) applied over `spec`.
Result<BotSpec> update_bot_spec(const BotSpec& spec, std::string_view patch);

std::string to_json(const BotSpec& spec);

constexpr std::string_view to_string(SizingChoice sizing) {
    switch (sizing) {
        case SizingChoice::Amount: return "amount";
        case SizingChoice::RiskPercent: return "risk_percent";
        case SizingChoice::RiskAmount: return "risk_amount";
    }
    return "amount";
}

constexpr std::string_view to_string(BotMode mode) {
    return mode == BotMode::Paper ? "paper" : "live";
}

}  // namespace osprey::server
