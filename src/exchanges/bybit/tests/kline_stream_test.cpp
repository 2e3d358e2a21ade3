// The kline stream against the mock exchange: a connection dropped
// mid-stream, malformed and duplicated messages. Every closed bar must
// arrive exactly once, in order, per symbol.

#include "exchanges/bybit/kline_stream.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::bybit {
namespace {

// One mock for the whole test program, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("ALGOUSDT,DOTUSDT");
    return exchange;
}

const engine::SystemClock wall_clock;

// Closed bars as they arrive, and a way to wait for them.
class Recorder {
public:
    void on_closed(const Symbol& symbol, Timeframe /*timeframe*/, const Candle& candle) {
        const std::scoped_lock lock(mutex_);
        bars_[std::string(symbol.view())].push_back(candle.open_time);
        changed_.notify_all();
    }

    void on_problem(const Error& error) {
        const std::scoped_lock lock(mutex_);
        problems_.push_back(error.message);
    }

    // Waits (10 s at most) until every symbol's last bar is `last`.
    bool wait_for_last(Timestamp last, std::size_t symbols) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(10), [&] {
            if (bars_.size() < symbols) {
                return false;
            }
            return std::all_of(bars_.begin(), bars_.end(), [&](const auto& entry) {
                return !entry.second.empty() && entry.second.back() == last;
            });
        });
    }

    bool wait_for_any() {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::milliseconds(500),
                                 [&] { return !bars_.empty(); });
    }

    std::map<std::string, std::vector<Timestamp>> bars() const {
        const std::scoped_lock lock(mutex_);
        return bars_;
    }

    std::string summary() const {
        const std::scoped_lock lock(mutex_);
        std::string text;
        for (const auto& [symbol, times] : bars_) {
            text += symbol + ": " + std::to_string(times.size()) + " bars, last "
                    + std::to_string(times.empty() ? 0 : times.back().millis()) + "\n";
        }
        for (const auto& problem : problems_) {
            text += "problem: " + problem + "\n";
        }
        return text;
    }

    std::size_t problems() const {
        const std::scoped_lock lock(mutex_);
        return problems_.size();
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::vector<Timestamp>> bars_;
    std::vector<std::string> problems_;
};

class BybitKlineStream : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running()) << "the mock exchange did not start";
        mock().control("/_mock/reset", "{}");
        KlineStreamOptions options;
        options.stream_url = mock().url("ws");
        options.rest.base_url = mock().url();
        options.reconnect_initial = std::chrono::milliseconds(20);
        options.reconnect_max = std::chrono::milliseconds(100);
        options.topics_per_connection = 1;  // two connections: the split is exercised too
        const auto minute = *Timeframe::parse("1m");
        stream_ = std::make_unique<KlineStream>(
            options,
            std::vector<KlineTopic>{{*Symbol::parse("ALGOUSDT"), minute},
                                    {*Symbol::parse("DOTUSDT"), minute}},
            wall_clock,
            [this](const Symbol& s, Timeframe t, const Candle& c) { recorder_.on_closed(s, t, c); },
            [this](const Error& e) { recorder_.on_problem(e); });
        stream_->start();
        // The subscriptions are live once a bar comes through.
        for (int i = 0; i < 100 && !recorder_.wait_for_any(); ++i) {
            advance(1);
        }
        ASSERT_FALSE(recorder_.bars().empty()) << "no bar ever arrived";
    }

    void TearDown() override { stream_.reset(); }

    static void advance(int bars) {
        mock().control("/_mock/advance",
                       R"({"bars":)" + std::to_string(bars) + R"(,"interval":"1m"})");
    }

    // The open time of the last closed 1m bar at the mock's market clock.
    static Timestamp last_closed_bar() {
        const std::string clock = mock().control("/_mock/clock");
        const auto at = clock.find("\"now\": ") + 7;
        return Timestamp::from_millis(std::stoll(clock.substr(at))) - std::chrono::minutes(1);
    }

    // Each symbol: consecutive minutes, none twice, up to `last`.
    void expect_exactly_once(Timestamp last) {
        for (const auto& [symbol, times] : recorder_.bars()) {
            ASSERT_FALSE(times.empty()) << symbol;
            EXPECT_EQ(times.back(), last) << symbol;
            for (std::size_t i = 1; i < times.size(); ++i) {
                ASSERT_EQ(times[i] - times[i - 1], Duration(std::chrono::minutes(1)))
                    << symbol << " bar " << i << " of " << times.size();
            }
        }
    }

    Recorder recorder_;
    std::unique_ptr<KlineStream> stream_;
};

TEST_F(BybitKlineStream, EveryClosedBarArrivesExactlyOnceAcrossADrop) {
    EXPECT_EQ(stream_->connections(), 2U);
    advance(5);
    const auto connects = stream_->connects();
    mock().control("/_mock/fault", R"({"kind":"ws_drop"})");
    advance(7);  // bars that close while the connections are down
    advance(3);
    for (int poll = 0; poll < 1000 && stream_->connects() < connects + 2; ++poll) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    advance(1);  // the next push after the reconnect
    const auto last = last_closed_bar();
    ASSERT_TRUE(recorder_.wait_for_last(last, 2))
        << "the stream did not catch up to " << last.millis() << "\n"
        << recorder_.summary();
    EXPECT_GE(stream_->connects(), connects + 2);
    expect_exactly_once(last);
}

TEST_F(BybitKlineStream, MalformedAndDuplicatedMessagesAreReportedAndTheStreamRecovers) {
    mock().control("/_mock/fault", R"({"kind":"ws_malformed","count":3})");
    advance(2);
    mock().control("/_mock/fault", R"({"kind":"ws_duplicate","count":6})");
    advance(4);
    const auto last = last_closed_bar();
    ASSERT_TRUE(recorder_.wait_for_last(last, 2))
        << "the stream did not recover to " << last.millis() << "\n"
        << recorder_.summary();
    EXPECT_GE(recorder_.problems(), 1U);
    expect_exactly_once(last);
}

}  // namespace
}  // namespace osprey::bybit
