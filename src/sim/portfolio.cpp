#include "sim/portfolio.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "engine/account.hpp"
#include "engine/bot.hpp"

namespace osprey::sim {

namespace {

struct Lane {
    const SymbolCandles* data;
    std::unique_ptr<SimulatedVenue> venue;
    std::unique_ptr<engine::Bot> bot;
    std::size_t next = 0;  // index of the next bar
    double last_close = 0;
    std::vector<double> equity;  // per bar of this symbol, when recorded
};

void deliver(Lane& lane, engine::PerformanceTracker& performance, std::size_t& trades_seen) {
    for (const engine::VenueEvent& event : lane.venue->events()) {
        lane.bot->on_event(event);
    }
    lane.venue->clear_events();
    for (; trades_seen < lane.bot->trades().size(); ++trades_seen) {
        performance.on_trade(lane.bot->trades()[trades_seen]);
    }
}

// The next instant any symbol has a bar at, if any has one left.
std::optional<Timestamp> next_instant(const std::vector<Lane>& lanes) {
    std::optional<Timestamp> now;
    for (const Lane& lane : lanes) {
        if (lane.next < lane.data->candles.size()) {
            const Timestamp at = lane.data->candles[lane.next].open_time;
            now = now ? std::min(*now, at) : at;
        }
    }
    return now;
}

SymbolResult symbol_result(Lane& lane) {
    SymbolResult symbol;
    symbol.symbol = lane.data->symbol;
    symbol.bars = lane.data->candles.size();
    symbol.trades.assign(lane.bot->trades().begin(), lane.bot->trades().end());
    symbol.rejections.assign(lane.bot->rejections().begin(), lane.bot->rejections().end());
    symbol.blocked.assign(lane.bot->blocked().begin(), lane.bot->blocked().end());
    symbol.equity = std::move(lane.equity);
    for (const ClosedTrade& t : symbol.trades) {
        symbol.pnl += t.pnl;
        symbol.wins += t.pnl > 0 ? 1 : 0;
    }
    return symbol;
}

Result<std::vector<Lane>> make_lanes(
    const std::vector<SymbolCandles>& symbols, Timeframe timeframe,
    const std::function<Result<std::unique_ptr<strategy::Strategy>>()>& make,
    const PortfolioConfig& config, engine::Account& account) {
    std::vector<Lane> lanes;
    lanes.reserve(symbols.size());
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        auto strategy = make();
        if (!strategy) {
            return fail(strategy.error());
        }
        if (Status readable = engine::check_timeframes(**strategy, timeframe, "the strategy");
            !readable) {
            return fail(readable.error());
        }
        Lane lane{&symbols[i], std::make_unique<SimulatedVenue>(config.backtest.costs),
                  nullptr,     0,
                  0,           {}};
        if (config.backtest.equity_curve == EquityCurve::PerBar) {
            lane.equity.reserve(symbols[i].candles.size());
        }
        lane.bot =
            std::make_unique<engine::Bot>(bot_config(config.backtest, BotId{i + 1}),
                                          std::move(*strategy), *lane.venue, timeframe, account);
        lanes.push_back(std::move(lane));
    }
    return lanes;
}

}  // namespace

Result<PortfolioResult> run_portfolio(
    const std::vector<SymbolCandles>& symbols, Timeframe timeframe,
    const std::function<Result<std::unique_ptr<strategy::Strategy>>()>& make,
    const PortfolioConfig& config) {
    if (Status valid = validate(config.backtest); !valid) {
        return fail(valid.error());
    }
    const std::size_t limit =
        config.max_open_positions > 0 ? config.max_open_positions : symbols.size();
    engine::Account account(config.backtest.starting_balance,
                            engine::AccountLimits{limit, config.backtest.daily_loss_limit_pct});
    engine::PerformanceTracker performance(config.backtest.starting_balance, timeframe);
    auto made = make_lanes(symbols, timeframe, make, config, account);
    if (!made) {
        return fail(made.error());
    }
    std::vector<Lane>& lanes = *made;
    std::vector<std::size_t> trades_seen(symbols.size(), 0);
    std::vector<Lane*> active;  // lanes with a bar at this instant; reused, no allocation per bar
    active.reserve(lanes.size());
    while (const std::optional<Timestamp> now = next_instant(lanes)) {
        active.clear();
        for (std::size_t i = 0; i < lanes.size(); ++i) {
            Lane& lane = lanes[i];
            if (lane.next < lane.data->candles.size()
                && lane.data->candles[lane.next].open_time == *now) {
                const Candle& bar = lane.data->candles[lane.next];
                lane.venue->on_bar_open(bar);
                lane.venue->on_bar_range(bar);
                deliver(lane, performance, trades_seen[i]);
                lane.last_close = bar.close;
                active.push_back(&lane);
            }
        }
        double equity = account.cash();
        bool exposed = false;
        for (const Lane& lane : lanes) {
            equity += lane.bot->position_value(lane.last_close);
            exposed = exposed || lane.bot->position().is_open();
        }
        performance.on_bar(equity, exposed);
        const bool record = config.backtest.equity_curve == EquityCurve::PerBar;
        for (Lane* lane : active) {
            if (record) {
                lane->equity.push_back(equity);
            }
            if (lane->next + 1 < lane->data->candles.size()) {  // no decision on the last bar
                lane->bot->on_bar_closed(lane->data->candles[lane->next]);
            }
            ++lane->next;
        }
    }
    PortfolioResult result;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        Lane& lane = lanes[i];
        if (!lane.data->candles.empty()) {
            lane.venue->close_at(lane.data->candles.back());
            deliver(lane, performance, trades_seen[i]);
        }
        result.symbols.push_back(symbol_result(lane));
    }
    result.total = performance.summary(account.cash());
    return result;
}

}  // namespace osprey::sim
