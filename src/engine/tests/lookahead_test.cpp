// No look-ahead, for every built-in strategy: what it says at a bar is the
// same whether the data goes on after that bar or stops there. Runs through
// the Bot, so the multi-timeframe strategies get their bars from the engine.

#include <bit>
#include <cstdint>

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "engine/bot.hpp"
#include "strategy/catalog.hpp"

namespace osprey::engine {
namespace {

struct Said {
    Timestamp bar;
    Direction direction;
    double stop;

    // Stops compare bit for bit, so an unset (NaN) stop equals another.
    friend bool operator==(const Said& a, const Said& b) {
        return a.bar == b.bar && a.direction == b.direction
               && std::bit_cast<std::uint64_t>(a.stop) == std::bit_cast<std::uint64_t>(b.stop);
    }
};

// Passes everything through to the real strategy and writes down what it said.
class Witness final : public strategy::Strategy {
public:
    Witness(std::unique_ptr<strategy::Strategy> inner, std::vector<Said>& said)
        : inner_(std::move(inner)), said_(said) {}

    void on_bar_closed(const strategy::ClosedBar& bar, Signal& signal) override {
        inner_->on_bar_closed(bar, signal);
        said_.push_back({bar.candle.open_time, signal.direction, signal.stop});
    }

    std::vector<Timeframe> timeframes() const override { return inner_->timeframes(); }

private:
    std::unique_ptr<strategy::Strategy> inner_;
    std::vector<Said>& said_;
};

class NullVenue final : public Venue {
public:
    Status submit(const OrderRequest&) override { return {}; }

    void take_events(std::vector<VenueEvent>&) override {}
};

std::vector<Said> run(const strategy::StrategyInfo& info, std::span<const Candle> bars) {
    std::vector<Said> said;
    const strategy::Parameters defaults(info.name, info.parameters);
    NullVenue venue;
    Account account(1000);
    Bot bot(BotConfig{}, std::make_unique<Witness>(std::move(*info.make(defaults)), said), venue,
            Timeframe(std::chrono::minutes(1)), account);
    for (const Candle& bar : bars) {
        bot.on_bar_closed(bar);
    }
    return said;
}

TEST(NoLookAhead, EveryStrategySaysTheSameWithoutTheFuture) {
    const auto candles = data::read_candles(OSPREY_SHARED_DATA "/candles/NEARUSDT-1m.csv");
    ASSERT_TRUE(candles);
    const std::span<const Candle> all = std::span(*candles).first(30'000);
    for (const strategy::StrategyInfo& info : strategy::builtin_strategies()) {
        const std::vector<Said> full = run(info, all);
        std::size_t signals = 0;
        for (const Said& s : full) {
            signals += s.direction != Direction::Hold ? 1 : 0;
        }
        EXPECT_GT(signals, 0u) << info.name << " said nothing: the test would prove nothing";
        for (const std::size_t cut : {7'001u, 19'999u}) {
            const std::vector<Said> early = run(info, all.first(cut));
            ASSERT_LE(early.size(), full.size());
            for (std::size_t i = 0; i < early.size(); ++i) {
                ASSERT_EQ(early[i], full[i]) << info.name << " changed its mind about call " << i
                                             << " when given bars after " << cut;
            }
        }
    }
}

}  // namespace
}  // namespace osprey::engine
