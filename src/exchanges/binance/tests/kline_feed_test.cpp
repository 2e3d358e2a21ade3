// The kline feed against the mock exchange: drops, malformed and duplicated
// messages, and the scheduled reconnect; every closed candle exactly once.
#include "exchanges/binance/kline_feed.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::binance {
namespace {

constexpr auto deadline = std::chrono::seconds(30);
// 2026-02-08 00:00 UTC: the mock's market start (tools/mock-exchange/README.md).
constexpr Timestamp market_start = Timestamp::from_millis(1'770'508'800'000);

// What the feed delivered, with a way to wait for it.
class Received {
public:
    void add(const Kline& kline) {
        {
            const std::scoped_lock lock(mutex_);
            open_times_[std::string(kline.symbol.view())].push_back(kline.candle.open_time);
        }
        changed_.notify_all();
    }

    void issue(const Error& error) {
        const std::scoped_lock lock(mutex_);
        issues_.push_back(error.message);
    }

    // Waits until every symbol has `count` candles (or the deadline passes).
    bool wait_for(std::size_t symbols, std::size_t count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadline, [&] {
            if (open_times_.size() < symbols) {
                return false;
            }
            return std::ranges::all_of(
                open_times_, [&](const auto& entry) { return entry.second.size() >= count; });
        });
    }

    std::map<std::string, std::vector<Timestamp>> open_times() {
        const std::scoped_lock lock(mutex_);
        return open_times_;
    }

    std::vector<std::string> issues() {
        const std::scoped_lock lock(mutex_);
        return issues_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::vector<Timestamp>> open_times_;
    std::vector<std::string> issues_;
};

// Polls a condition the feed exposes only as counters.
template <class Condition>
bool eventually(Condition condition) {
    for (int poll = 0; poll < 3000; ++poll) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// One mock for the whole suite, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT,ALGOUSDT,AVAXUSDT,DOTUSDT");
    return exchange;
}

class BinanceKlineFeed : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running());
        mock().control("/_mock/reset", "{}");
    }

    KlineFeedConfig config() const {
        KlineFeedConfig config;
        config.stream_url = mock().url("ws");
        config.rest.base_url = mock().url();
        for (const char* name : {"BTCUSDT", "ALGOUSDT", "AVAXUSDT", "DOTUSDT"}) {
            config.symbols.push_back(*Symbol::parse(name));
        }
        config.deliver_from = market_start;
        config.streams_per_connection = 2;
        config.backoff = {std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
        config.websocket.idle_timeout = std::chrono::seconds(5);
        return config;
    }

    std::unique_ptr<KlineFeed> start(KlineFeedConfig settings) {
        auto feed = std::make_unique<KlineFeed>(
            std::move(settings),
            KlineFeedHandlers{[this](const Kline& kline) { received_.add(kline); },
                              [this](const Error& error) { received_.issue(error); }},
            clock_);
        EXPECT_TRUE(feed->start());
        EXPECT_EQ(feed->connection_count(), 2U);
        EXPECT_TRUE(eventually([&] { return feed->counters().connections_open == 2; }));
        return feed;
    }

    // For failure messages: the minutes after the market start per symbol.
    std::string describe() {
        std::string text;
        for (const auto& [symbol, times] : received_.open_times()) {
            text.append(symbol).append(":");
            for (const Timestamp at : times) {
                text.append(" ").append(
                    std::to_string((at - market_start) / std::chrono::minutes(1)));
            }
            text.append("\n");
        }
        for (const std::string& issue : received_.issues()) {
            text.append(issue).append("\n");
        }
        return text;
    }

    static void advance(int bars) {
        mock().control("/_mock/advance",
                       R"({"bars":)" + std::to_string(bars) + R"(,"interval":"1m"})");
    }

    // Every symbol has exactly `count` candles, one minute apart.
    void expect_each_once(std::size_t count) {
        const auto all = received_.open_times();
        ASSERT_EQ(all.size(), 4U);
        for (const auto& [symbol, times] : all) {
            ASSERT_EQ(times.size(), count) << symbol;
            for (std::size_t i = 1; i < times.size(); ++i) {
                EXPECT_EQ(times[i] - times[i - 1], std::chrono::minutes(1)) << symbol << " #" << i;
            }
        }
    }

    engine::SystemClock clock_;
    Received received_;
};

TEST_F(BinanceKlineFeed, DroppedStreamStillDeliversEveryClosedCandleOnce) {
    auto feed = start(config());
    advance(5);
    ASSERT_TRUE(received_.wait_for(4, 5));
    mock().control("/_mock/fault", R"({"kind":"ws_drop"})");
    advance(5);  // while the feed is down or reconnecting: the backfill's job
    ASSERT_TRUE(eventually([&] { return feed->counters().reconnects >= 2; }));
    ASSERT_TRUE(eventually([&] { return feed->counters().connections_open == 2; }));
    advance(5);
    ASSERT_TRUE(received_.wait_for(4, 15));
    feed->stop();
    expect_each_once(15);
    EXPECT_FALSE(received_.issues().empty());  // the drop was reported
}

TEST_F(BinanceKlineFeed, MalformedAndDuplicatedMessagesAreSkipped) {
    auto feed = start(config());
    mock().control("/_mock/fault", R"({"kind":"ws_malformed","count":3})");
    mock().control("/_mock/fault", R"({"kind":"ws_duplicate","count":6})");
    advance(6);
    ASSERT_TRUE(eventually([&] { return feed->counters().malformed >= 3; }));
    advance(4);
    // A malformed closing update is lost from the stream but not for good:
    // the next reconnect backfills it. Force one and check the total.
    mock().control("/_mock/fault", R"({"kind":"ws_drop"})");
    ASSERT_TRUE(eventually([&] { return feed->counters().reconnects >= 2; }));
    ASSERT_TRUE(eventually([&] { return feed->counters().connections_open == 2; }));
    advance(1);
    ASSERT_TRUE(received_.wait_for(4, 11)) << describe();
    feed->stop();
    expect_each_once(11);
    EXPECT_GE(feed->counters().malformed, 3);
    const auto issues = received_.issues();
    EXPECT_TRUE(std::ranges::any_of(issues, [](const std::string& text) {
        return text.find("malformed") != std::string::npos;
    }));
}

TEST_F(BinanceKlineFeed, ScheduledReconnectLosesNothing) {
    KlineFeedConfig settings = config();
    settings.max_connection_age = std::chrono::milliseconds(1);  // reconnect after every message
    auto feed = start(std::move(settings));
    for (int round = 0; round < 4; ++round) {
        advance(2);
    }
    ASSERT_TRUE(received_.wait_for(4, 8)) << describe();
    feed->stop();
    expect_each_once(8);
    EXPECT_GE(feed->counters().reconnects, 2);
}

}  // namespace
}  // namespace osprey::binance
