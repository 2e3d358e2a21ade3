#include "sim/backtest.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/bot.hpp"

namespace osprey::sim {

namespace {

Failure invalid(std::string_view what, double value, std::string_view rule) {
    return fail(ErrorCode::InvalidArgument, fmt::format("invalid {} {}: {}", what, value, rule));
}

Status validate_risk(const BacktestConfig& config) {
    const risk::Sizing& sizing = config.sizing;
    if (sizing.mode == risk::SizingMode::RiskPercent
        && !(sizing.risk_pct > 0 && sizing.risk_pct <= 100)) {
        return invalid("risk", sizing.risk_pct,
                       "must be a percentage of equity above 0, up to 100");
    }
    if (sizing.mode == risk::SizingMode::RiskAmount
        && (!(sizing.risk_amount > 0) || !std::isfinite(sizing.risk_amount))) {
        return invalid("risk amount", sizing.risk_amount, "must be a positive quote amount");
    }
    if (sizing.mode != risk::SizingMode::Amount && !(config.exits.stop_loss_pct > 0)) {
        return fail(ErrorCode::InvalidArgument,
                    "risk sizing needs a stop loss: set one (--sl) or size by amount");
    }
    if (!(config.costs.min_notional >= 0) || !std::isfinite(config.costs.min_notional)) {
        return invalid("min notional", config.costs.min_notional, "must be 0 or a positive amount");
    }
    if (!(config.daily_loss_limit_pct >= 0 && config.daily_loss_limit_pct < 100)) {
        return invalid("daily loss limit", config.daily_loss_limit_pct,
                       "must be a percentage from 0 up to 100 (0 disables it)");
    }
    return {};
}

}  // namespace

Status validate(const BacktestConfig& config) {
    if (!(config.starting_balance > 0) || !std::isfinite(config.starting_balance)) {
        return invalid("balance", config.starting_balance, "must be a positive amount");
    }
    if (!(config.costs.fee_rate >= 0 && config.costs.fee_rate < 1)) {
        return invalid("fee", config.costs.fee_rate,
                       "must be a fraction from 0 up to 1 (0.001 = 0.1%)");
    }
    if (!(config.costs.step > 0) || !std::isfinite(config.costs.step)) {
        return invalid("step", config.costs.step, "must be a positive quantity");
    }
    if (!(config.costs.slippage_bps >= 0 && config.costs.slippage_bps < 10'000)) {
        return invalid("slippage", config.costs.slippage_bps, "must be from 0 up to 10000 bps");
    }
    if (!(config.exits.stop_loss_pct >= 0 && config.exits.stop_loss_pct < 100)) {
        return invalid("stop loss", config.exits.stop_loss_pct,
                       "must be a percentage from 0 up to 100 (0 disables it)");
    }
    if (!(config.exits.trailing_stop_pct >= 0 && config.exits.trailing_stop_pct < 100)) {
        return invalid("trailing stop", config.exits.trailing_stop_pct,
                       "must be a percentage from 0 up to 100 (0 disables it)");
    }
    if (!(config.sizing.amount >= 0) || !std::isfinite(config.sizing.amount)) {
        return invalid("amount", config.sizing.amount, "must be 0 (all cash) or a positive amount");
    }
    if (!(config.exits.take_profit_pct >= 0) || !std::isfinite(config.exits.take_profit_pct)) {
        return invalid("take profit", config.exits.take_profit_pct,
                       "must be a percentage of 0 or more (0 disables it)");
    }
    return validate_risk(config);
}

engine::BotConfig bot_config(const BacktestConfig& config, BotId id) {
    return engine::BotConfig{
        id,
        config.exits,
        config.shorting,
        config.sizing,
        risk::SymbolFilters{config.costs.step, config.costs.min_notional, config.costs.fee_rate},
        config.gate};
}

Result<BacktestResult> run_backtest(std::span<const Candle> candles, Timeframe timeframe,
                                    std::unique_ptr<strategy::Strategy> strategy,
                                    const BacktestConfig& config) {
    if (Status valid = validate(config); !valid) {
        return fail(valid.error());
    }
    if (Status readable = engine::check_timeframes(*strategy, timeframe, "the strategy");
        !readable) {
        return fail(readable.error());
    }
    SimulatedVenue venue(config.costs);
    engine::Account account(config.starting_balance,
                            engine::AccountLimits{0, config.daily_loss_limit_pct});
    engine::Bot bot(bot_config(config, BotId{1}), std::move(strategy), venue, timeframe, account);
    engine::PerformanceTracker performance(config.starting_balance, timeframe);
    std::size_t trades_seen = 0;
    const auto deliver = [&] {
        for (const engine::VenueEvent& event : venue.events()) {
            bot.on_event(event);
        }
        venue.clear_events();
        for (; trades_seen < bot.trades().size(); ++trades_seen) {
            performance.on_trade(bot.trades()[trades_seen]);
        }
    };
    std::vector<double> equity;
    const bool record_equity = config.equity_curve == EquityCurve::PerBar;
    if (record_equity) {
        equity.reserve(candles.size());  // no allocation per bar
    }
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const Candle& bar = candles[i];
        venue.on_bar_open(bar);
        venue.on_bar_range(bar);
        deliver();
        performance.on_bar(account.cash() + bot.position_value(bar.close),
                           bot.position().is_open());
        if (record_equity) {
            equity.push_back(account.cash() + bot.position_value(bar.close));
        }
        if (i + 1 < candles.size()) {  // no decision on the last bar
            bot.on_bar_closed(bar);
        }
    }
    if (!candles.empty()) {
        venue.close_at(candles.back());
        deliver();
    }
    BacktestResult result;
    result.summary = performance.summary(account.cash());
    result.equity = std::move(equity);
    result.trades.assign(bot.trades().begin(), bot.trades().end());
    result.rejections.assign(bot.rejections().begin(), bot.rejections().end());
    result.blocked.assign(bot.blocked().begin(), bot.blocked().end());
    return result;
}

}  // namespace osprey::sim
