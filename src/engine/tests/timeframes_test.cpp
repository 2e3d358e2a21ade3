// Multi-timeframe bots: the engine builds a strategy's timeframes from the
// finest data and hands over only closed bars, coarser ones first.

#include <gtest/gtest.h>

#include "data/resample.hpp"
#include "engine/bot.hpp"

namespace osprey::engine {
namespace {

const Timeframe one_minute(std::chrono::minutes(1));
const Timeframe three_minutes(std::chrono::minutes(3));
const Timeframe fifteen_minutes(std::chrono::minutes(15));

struct Seen {
    Timeframe timeframe;
    Candle candle;
};

class Recorder final : public strategy::Strategy {
public:
    explicit Recorder(std::vector<Seen>& seen) : seen_(seen) {}

    void on_bar_closed(const strategy::ClosedBar& bar, Signal&) override {
        seen_.push_back({bar.timeframe, bar.candle});
    }

    std::vector<Timeframe> timeframes() const override { return {three_minutes, fifteen_minutes}; }

private:
    std::vector<Seen>& seen_;
};

class NullVenue final : public Venue {
public:
    Status submit(const OrderRequest&) override { return {}; }

    void take_events(std::vector<VenueEvent>&) override {}
};

std::vector<Candle> minutes(int count) {
    std::vector<Candle> bars;
    for (int i = 0; i < count; ++i) {
        const double price = 100 + (i * 7 % 13);
        bars.push_back(Candle{Timestamp::from_millis(1'700'000'040'000 + i * 60'000LL), price,
                              price + 1, price - 1, price + 0.5, 1.0 + i});
    }
    return bars;
}

TEST(Timeframes, NoStrategySeesABarBeforeItCloses) {
    const std::vector<Candle> bars = minutes(200);
    std::vector<Seen> seen;
    NullVenue venue;
    Account account(1000);
    Bot bot(BotConfig{}, std::make_unique<Recorder>(seen), venue, one_minute, account);
    std::size_t checked = 0;
    for (const Candle& bar : bars) {
        bot.on_bar_closed(bar);
        const Timestamp now = bar.open_time + one_minute.span();  // this bar just closed
        for (; checked < seen.size(); ++checked) {
            const Seen& s = seen[checked];
            ASSERT_LE(s.candle.open_time + s.timeframe.span(), now)
                << "a " << s.timeframe.to_string() << " bar was handed over before it closed";
        }
    }
    // And every bar is handed over as soon as it closes: exactly the batch
    // resample of what was fed, in time order per timeframe.
    for (const Timeframe tf : {three_minutes, fifteen_minutes}) {
        std::vector<Candle> delivered;
        for (const Seen& s : seen) {
            if (s.timeframe == tf) {
                delivered.push_back(s.candle);
            }
        }
        EXPECT_EQ(delivered, *data::resample(bars, one_minute, tf)) << tf.to_string();
    }
}

TEST(Timeframes, ACoarserBarClosingWithTheTradedOneComesFirst) {
    const std::vector<Candle> bars = minutes(40);
    std::vector<Seen> seen;
    NullVenue venue;
    Account account(1000);
    Bot bot(BotConfig{}, std::make_unique<Recorder>(seen), venue, one_minute, account);
    for (const Candle& bar : bars) {
        bot.on_bar_closed(bar);
    }
    for (std::size_t i = 1; i < seen.size(); ++i) {
        const bool same_close = seen[i].candle.open_time + seen[i].timeframe.span()
                                == seen[i - 1].candle.open_time + seen[i - 1].timeframe.span();
        if (same_close) {
            EXPECT_EQ(seen[i - 1].timeframe, fifteen_minutes);
            EXPECT_EQ(seen[i].timeframe, three_minutes);
        }
    }
}

TEST(Timeframes, ABotDecidesOnlyWhenItsTradedBarClosesAndNeverWhileWarmingUp) {
    const std::vector<Candle> bars = minutes(12);
    std::vector<Seen> seen;
    NullVenue venue;
    Account account(1000);
    Bot bot(BotConfig{}, std::make_unique<Recorder>(seen), venue, one_minute, account);
    std::vector<std::size_t> decided;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        if (i < 6) {
            bot.warm_up(bars[i]);
        } else {
            bot.on_bar_closed(bars[i]);
        }
        if (bot.decided()) {
            decided.push_back(i);
        }
    }
    // The data starts on the last minute of a 3-minute bar, so those close
    // with bars 0, 3, 6 and 9; the first two were warm-up.
    EXPECT_EQ(decided, (std::vector<std::size_t>{6, 9}));
    EXPECT_FALSE(seen.empty());  // the strategy saw the warm-up bars too
}

TEST(Timeframes, AStrategyThatCannotBeBuiltFromTheDataIsRefused) {
    std::vector<Seen> seen;
    const Recorder recorder(seen);
    EXPECT_TRUE(check_timeframes(recorder, one_minute, "x"));
    const Status refused =
        check_timeframes(recorder, Timeframe(std::chrono::minutes(5)), "strategy 'scalp'");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message,
              "strategy 'scalp' reads 3m candles, which cannot be built from 5m data");
}

}  // namespace
}  // namespace osprey::engine
