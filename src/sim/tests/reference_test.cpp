// The engine against a second, deliberately plain reading of DESIGN.md
// "Backtest fills" for ema_cross: one loop, batch EMAs, no Bot, no Venue.
// On real minute bars, both must produce the same trades to the last bit.

#include <cmath>

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "indicators/moving_average.hpp"
#include "sim/backtest.hpp"
#include "strategy/builtin/ema_cross.hpp"

namespace osprey::sim {
namespace {

struct Reference {
    std::vector<ClosedTrade> trades;
    double cash = 0;
};

double floor_step(double q, double step) {
    return std::floor(q / step + 1e-9) * step;
}

Reference reference_backtest(const std::vector<Candle>& c, int fast_n, int slow_n, double sl_pct,
                             double tp_pct, double fee, double step, double cash) {
    std::vector<double> closes;
    closes.reserve(c.size());
    for (const Candle& x : c) {
        closes.push_back(x.close);
    }
    const auto fast = indicators::ema(closes, fast_n);
    const auto slow = indicators::ema(closes, slow_n);
    Reference r{{}, cash};

    enum { None, Buy, Sell } pending = None;

    bool open = false;
    ClosedTrade t;
    double sl = 0;
    double tp = 0;
    const auto exit = [&](std::size_t i, double price, ExitReason why) {
        const double proceeds = t.quantity * price * (1 - fee);
        r.cash += proceeds;
        t.exit_time = c[i].open_time;
        t.exit_price = price;
        t.pnl = proceeds - t.entry_cost;
        t.exit_reason = why;
        r.trades.push_back(t);
        open = false;
    };
    for (std::size_t i = 0; i < c.size(); ++i) {
        bool entered_now = false;
        if (pending == Buy && !open) {
            const double qty = floor_step(r.cash / (c[i].open * (1 + fee)), step);
            if (qty > 0) {
                t = ClosedTrade{};
                t.entry_time = c[i].open_time;
                t.entry_price = c[i].open;
                t.quantity = qty;
                t.entry_cost = qty * c[i].open * (1 + fee);
                r.cash -= t.entry_cost;
                sl = c[i].open * (1 - sl_pct / 100);
                tp = c[i].open * (1 + tp_pct / 100);
                open = true;
                entered_now = true;
            }
        } else if (pending == Sell && open) {
            exit(i, c[i].open, ExitReason::Signal);
        }
        pending = None;
        if (open) {
            if (!entered_now && c[i].open <= sl) {
                exit(i, c[i].open, ExitReason::StopLoss);
            } else if (!entered_now && c[i].open >= tp) {
                exit(i, c[i].open, ExitReason::TakeProfit);
            } else if (c[i].low <= sl) {
                exit(i, sl, ExitReason::StopLoss);
            } else if (c[i].high >= tp) {
                exit(i, tp, ExitReason::TakeProfit);
            }
        }
        if (i + 1 < c.size() && i >= 1 && !std::isnan(slow[i - 1]) && !std::isnan(fast[i - 1])) {
            if (fast[i] > slow[i] && fast[i - 1] <= slow[i - 1] && !open) {
                pending = Buy;
            } else if (fast[i] < slow[i] && fast[i - 1] >= slow[i - 1] && open) {
                pending = Sell;
            }
        }
    }
    if (open) {
        exit(c.size() - 1, c.back().close, ExitReason::End);
    }
    return r;
}

struct Case {
    int fast;
    int slow;
    double sl;
    double tp;
};

class AgainstReference : public ::testing::TestWithParam<Case> {};

TEST_P(AgainstReference, EmaCrossTradesMatchToTheLastBit) {
    static const auto candles = data::read_candles(OSPREY_SHARED_DATA "/candles/NEARUSDT-1m.csv");
    ASSERT_TRUE(candles) << candles.error().message;
    const Case k = GetParam();
    BacktestConfig config;
    config.exits = risk::ExitRule{k.sl, k.tp};
    const auto result =
        run_backtest(*candles, Timeframe(std::chrono::minutes(1)),
                     std::make_unique<strategy::builtin::EmaCross>(k.fast, k.slow), config);
    ASSERT_TRUE(result);
    // The reference has no "disabled level": use levels that cannot be hit.
    const Reference ref = reference_backtest(*candles, k.fast, k.slow, k.sl > 0 ? k.sl : 1e9,
                                             k.tp > 0 ? k.tp : 1e9, 0.001, 1e-8, 1000);
    ASSERT_GT(ref.trades.size(), 100u);
    ASSERT_EQ(result->trades.size(), ref.trades.size());
    for (std::size_t i = 0; i < ref.trades.size(); ++i) {
        const ClosedTrade& a = result->trades[i];
        const ClosedTrade& b = ref.trades[i];
        ASSERT_EQ(a.entry_time, b.entry_time) << "trade " << i;
        ASSERT_EQ(a.exit_time, b.exit_time) << "trade " << i;
        ASSERT_EQ(a.entry_price, b.entry_price) << "trade " << i;
        ASSERT_EQ(a.exit_price, b.exit_price) << "trade " << i;
        ASSERT_EQ(a.quantity, b.quantity) << "trade " << i;
        ASSERT_EQ(a.pnl, b.pnl) << "trade " << i;
        ASSERT_EQ(a.exit_reason, b.exit_reason) << "trade " << i;
    }
    EXPECT_EQ(result->summary.final_balance, ref.cash);
}

INSTANTIATE_TEST_SUITE_P(NearUsdtMinutes, AgainstReference,
                         ::testing::Values(Case{12, 26, 2, 5}, Case{5, 50, 1, 0.5},
                                           Case{20, 100, 0, 3}, Case{8, 21, 0, 0}));

}  // namespace
}  // namespace osprey::sim
