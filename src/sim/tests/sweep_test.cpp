#include "sim/sweep.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "strategy/builtin/ema_cross.hpp"
#include "strategy/catalog.hpp"

namespace osprey::sim {
namespace {

const strategy::StrategyInfo& ema_cross() {
    return **strategy::find_strategy("ema_cross");
}

TEST(Sweep, ParsesRangesAndListsAndRefusesBadAxes) {
    const auto range = parse_axis("fast=5:20:5", ema_cross());
    ASSERT_TRUE(range) << range.error().message;
    EXPECT_EQ(range->values, (std::vector<double>{5, 10, 15, 20}));
    const auto list = parse_axis("slow=30,50,80", ema_cross());
    ASSERT_TRUE(list);
    EXPECT_EQ(list->values, (std::vector<double>{30, 50, 80}));
    EXPECT_EQ(parse_axis("fast=5:20", ema_cross()).error().message,
              "invalid --grid 'fast=5:20': expected KEY=FROM:TO:STEP or KEY=A,B,C");
    EXPECT_EQ(parse_axis("speed=1,2", ema_cross()).error().message,
              "unknown parameter 'speed' for strategy 'ema_cross' (it has: fast, slow)");
    EXPECT_FALSE(parse_axis("fast=1:10:1", ema_cross()));  // 1 is below the range
    EXPECT_FALSE(parse_axis("fast=2.5,3", ema_cross()));   // not a whole number
    EXPECT_FALSE(parse_axis("fast=20:5:5", ema_cross()));  // backwards
}

TEST(Sweep, GridIsEveryCombinationWithDefaultsElsewhere) {
    const auto combos = grid(ema_cross(), {*parse_axis("fast=5,10", ema_cross())});
    ASSERT_TRUE(combos);
    EXPECT_EQ(*combos, (std::vector<Combination>{{5, 26}, {10, 26}}));
    const auto both = grid(ema_cross(), {*parse_axis("fast=5,10", ema_cross()),
                                         *parse_axis("slow=30:50:10", ema_cross())});
    EXPECT_EQ(both->size(), 6u);
    EXPECT_FALSE(grid(ema_cross(), {*parse_axis("fast=5,10", ema_cross())}, 1));
}

TEST(Sweep, RandomDrawsAreInRangeAndRepeatWithTheSeed) {
    const auto a = random_combinations(ema_cross(), {}, 50, 7);
    const auto b = random_combinations(ema_cross(), {}, 50, 7);
    const auto c = random_combinations(ema_cross(), {}, 50, 8);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    for (const Combination& combo : a) {
        EXPECT_GE(combo[0], 2);
        EXPECT_LE(combo[0], 500);
        EXPECT_EQ(combo[0], std::floor(combo[0]));
    }
}

TEST(Sweep, ResultsAreTheSameWhateverTheThreadCount) {
    const auto candles = data::read_candles(OSPREY_SHARED_DATA "/candles/ALGOUSDT-1m.csv");
    ASSERT_TRUE(candles);
    const auto combos = *grid(ema_cross(), {*parse_axis("fast=4:24:4", ema_cross()),
                                            *parse_axis("slow=10:60:10", ema_cross())});
    const Timeframe minute(std::chrono::minutes(1));
    std::atomic<std::size_t> done_one{0};
    std::atomic<std::size_t> done_three{0};
    const auto one =
        run_sweep(*candles, minute, ema_cross(), combos, SweepSettings{{}, 1}, done_one);
    const auto three =
        run_sweep(*candles, minute, ema_cross(), combos, SweepSettings{{}, 3}, done_three);
    ASSERT_EQ(one.size(), combos.size());
    EXPECT_EQ(done_one.load(), combos.size());
    EXPECT_EQ(done_three.load(), combos.size());
    std::size_t refused = 0;
    for (std::size_t i = 0; i < combos.size(); ++i) {
        EXPECT_EQ(one[i].combination, combos[i]);
        EXPECT_EQ(one[i].refused, three[i].refused);
        EXPECT_EQ(one[i].summary.final_balance, three[i].summary.final_balance) << i;
        EXPECT_EQ(one[i].summary.trades, three[i].summary.trades) << i;
        refused += one[i].refused.empty() ? 0U : 1U;
    }
    EXPECT_GT(refused, 0u);  // fast ≥ slow combinations are refused, not run
    // And each run equals a plain backtest of its combination.
    auto single =
        run_backtest(*candles, minute, std::make_unique<strategy::builtin::EmaCross>(8, 30), {});
    for (std::size_t i = 0; i < combos.size(); ++i) {
        if (combos[i] == Combination{8, 30}) {
            EXPECT_EQ(one[i].summary.final_balance, single->summary.final_balance);
        }
    }
}

}  // namespace
}  // namespace osprey::sim
