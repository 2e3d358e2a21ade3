#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "indicators/moving_average.hpp"
#include "strategy/builtin/ema_cross.hpp"
#include "strategy/catalog.hpp"

namespace osprey::strategy {
namespace {

const Timeframe one_minute(std::chrono::minutes(1));

Parameters ema_cross_defaults() {
    return Parameters("ema_cross", builtin::ema_cross_parameters);
}

TEST(Parameters, RefuseUnknownNamesNonNumbersFractionsAndOutOfRange) {
    Parameters p = ema_cross_defaults();
    EXPECT_EQ(p.set("fats", "3").error().message,
              "unknown parameter 'fats' for strategy 'ema_cross' (it has: fast, slow)");
    EXPECT_EQ(p.set("fast", "abc").error().message,
              "invalid value 'abc' for parameter 'fast' of strategy 'ema_cross': not a number");
    EXPECT_EQ(p.set("fast", "").error().message,
              "invalid value '' for parameter 'fast' of strategy 'ema_cross': not a number");
    EXPECT_EQ(p.set("fast", "2.5").error().message,
              "invalid value 2.5 for parameter 'fast' of strategy 'ema_cross': must be a whole "
              "number");
    EXPECT_EQ(p.set("fast", "1").error().message,
              "invalid value 1 for parameter 'fast' of strategy 'ema_cross': must be between 2 "
              "and 500");
    EXPECT_EQ(p.set("fast", "nan").error().message,
              "invalid value 'nan' for parameter 'fast' of strategy 'ema_cross': not a number");
    ASSERT_TRUE(p.set("fast", "5"));
    EXPECT_EQ(p.get_int("fast"), 5);
    EXPECT_EQ(p.get_int("slow"), 26);
}

TEST(Catalog, FindsBuiltinsAndNamesTheKnownOnesOtherwise) {
    ASSERT_TRUE(find_strategy("ema_cross"));
    const auto missing = find_strategy("ema_crosss");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message,
              "unknown strategy 'ema_crosss' (known: ema_cross, volatile, simple, enhanced, scalp, "
              "signals)");
}

TEST(EmaCross, RefusesAFastPeriodNotShorterThanTheSlowOne) {
    Parameters p = ema_cross_defaults();
    ASSERT_TRUE(p.set("fast", "30"));
    const auto made = builtin::make_ema_cross(p);
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().message,
              "strategy 'ema_cross': parameter 'fast' (30) must be less than 'slow' (26)");
}

// Feeds closes and returns the direction said at each bar.
std::vector<Direction> run(Strategy& strategy, const std::vector<double>& closes) {
    std::vector<Direction> said;
    Signal signal;
    for (std::size_t i = 0; i < closes.size(); ++i) {
        const Candle candle{Timestamp::from_millis(static_cast<std::int64_t>(i) * 60'000),
                            closes[i],
                            closes[i],
                            closes[i],
                            closes[i],
                            1};
        signal.clear();
        strategy.on_bar_closed(ClosedBar{one_minute, candle}, signal);
        said.push_back(signal.direction);
    }
    return said;
}

TEST(EmaCross, BuysOnCrossAboveAndSellsOnCrossBelowOnlyOnce) {
    builtin::EmaCross strategy(2, 3);
    // EMA(2) and EMA(3) are both defined from index 2; a cross needs index 3.
    const std::vector<double> closes = {10, 10, 10, 12, 14, 15, 9, 8, 8};
    const auto said = run(strategy, closes);
    // Check against the definition with batch EMAs.
    const auto fast = indicators::ema(closes, 2);
    const auto slow = indicators::ema(closes, 3);
    for (std::size_t i = 0; i < closes.size(); ++i) {
        Direction expected = Direction::Hold;
        if (i >= 3) {
            if (fast[i] > slow[i] && fast[i - 1] <= slow[i - 1]) {
                expected = Direction::Buy;
            } else if (fast[i] < slow[i] && fast[i - 1] >= slow[i - 1]) {
                expected = Direction::Sell;
            }
        }
        EXPECT_EQ(said[i], expected) << "bar " << i;
    }
    EXPECT_EQ(said[3], Direction::Buy);   // equal at 2, fast above at 3
    EXPECT_EQ(said[4], Direction::Hold);  // still above: no new signal
    EXPECT_EQ(said[6], Direction::Sell);
}

TEST(EmaCross, SaysNothingUntilBothEmasAreDefinedAtThePreviousBar) {
    builtin::EmaCross strategy(2, 4);
    // At index 3 the slow EMA is defined for the first time: no cross yet,
    // even though fast is above slow there.
    const auto said = run(strategy, {10, 10, 10, 20});
    for (const Direction d : said) {
        EXPECT_EQ(d, Direction::Hold);
    }
}

}  // namespace
}  // namespace osprey::strategy

namespace osprey::strategy {
namespace {

TEST(Catalog, EveryParameterIsDocumentedWithItsDefaultAndRange) {
    std::ifstream file(std::string(OSPREY_SOURCE_DIR) + "/docs/strategies.md");
    ASSERT_TRUE(file);
    std::stringstream text;
    text << file.rdbuf();
    const std::string doc = text.str();
    for (const StrategyInfo& info : builtin_strategies()) {
        EXPECT_NE(doc.find("## " + std::string(info.name) + "\n"), std::string::npos) << info.name;
        for (const ParameterSpec& p : info.parameters) {
            const std::string row =
                fmt::format("| `{}` | {} | {} | {} – {} |", p.name,
                            p.kind == ParameterKind::Integer ? "integer" : "real",
                            format_parameter(p, p.default_value), format_parameter(p, p.min),
                            format_parameter(p, p.max));
            EXPECT_NE(doc.find(row), std::string::npos) << info.name << ": " << row;
        }
    }
}

}  // namespace
}  // namespace osprey::strategy
