// A live bot in the daemon, trading through the Binance adapter on the mock
// exchange (a Python child process on loopback): the bot service, SQLite,
// the live kline feed and venue, as `osprey serve --market binance` wires
// them. Orders reach the mock exactly once, also when an order's answer and
// every lookup are lost and the daemon restarts before it knows the outcome.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "app/daemon/file_journal.hpp"
#include "app/daemon/live_feed.hpp"
#include "app/daemon/live_venues.hpp"
#include "app/daemon/paper_factory.hpp"
#include "engine/ports/system_clock.hpp"
#include "net/testing/mock_exchange.hpp"
#include "server/bot_service.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace osprey::app {
namespace {

constexpr std::string_view secret = "mock-binance-secret";

net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("BTCUSDT");
    return exchange;
}

class SilentNotifier final : public engine::Notifier {
public:
    void notify(const engine::Notice& /*notice*/) override {}
};

// Waits (10 s at most) for `done`, polling.
bool eventually(const std::function<bool()>& done) {
    for (int poll = 0; poll < 1000; ++poll) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// Client order id -> how many orders the mock holds with it, and statuses.
std::map<std::string, int> mock_orders(std::map<std::string, std::string>* statuses = nullptr) {
    const std::string body = mock().control("/_mock/orders");
    std::map<std::string, int> count;
    const std::string key = "\"clientOrderId\":";
    for (auto at = body.find(key); at != std::string::npos; at = body.find(key, at + 1)) {
        const auto open = body.find('"', at + key.size());
        const auto close = body.find('"', open + 1);
        const std::string id = body.substr(open + 1, close - open - 1);
        ++count[id];
        const auto status = body.find("\"status\":", close);
        if (statuses != nullptr && status != std::string::npos) {
            const auto from = body.find('"', status + 9);
            (*statuses)[id] = body.substr(from + 1, body.find('"', from + 1) - from - 1);
        }
    }
    return count;
}

class LiveDaemon : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running());
        mock().control("/_mock/reset", "{}");
        // NOLINTBEGIN(concurrency-mt-unsafe): before any thread of ours runs
        ::setenv("OSPREY_BINANCE_API_KEY", "mock-binance-key", 1);
        ::setenv("OSPREY_BINANCE_API_SECRET", std::string(secret).c_str(), 1);
        ::setenv("OSPREY_BINANCE_BASE_URL", mock().url().c_str(), 1);
        ::setenv("OSPREY_BINANCE_STREAM_URL", mock().url("ws").c_str(), 1);
        // NOLINTEND(concurrency-mt-unsafe)
        dir_ = std::filesystem::temp_directory_path() / "osprey_live_daemon";
        std::filesystem::remove_all(dir_);
        auto store = sqlite::open_store(dir_, engine::Durability::ProcessCrash);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        start();
    }

    void TearDown() override {
        stop();
        std::filesystem::remove_all(dir_);
    }

    // A daemon start: a new feed, factory and service over the same store.
    void start() {
        feed_ = std::make_unique<LiveMarketFeed>(binance_feed_settings(), clock_);
        journal_ = std::make_unique<FileJournal>(dir_ / "logs", nullptr);
        factory_ = std::make_unique<PaperFactory>(&venues_);
        service_ = std::make_unique<server::BotService>(*store_, notifier_, *journal_, *feed_,
                                                        *factory_, clock_);
        ASSERT_TRUE(service_->start());
    }

    void stop() {
        if (service_) {
            service_->stop();
        }
        service_.reset();
        feed_.reset();
    }

    BotId create_live_bot() {
        auto spec = server::parse_bot_spec(
            R"({"name": "live-btc", "exchange": "binance", "symbol": "BTCUSDT",
                "strategy": "ema_cross", "parameters": {"fast": 2, "slow": 3},
                "mode": "live", "amount": "100", "stop_loss_pct": 0, "take_profit_pct": 0})");
        EXPECT_TRUE(spec) << spec.error().message;
        auto created = service_->create(*spec);
        EXPECT_TRUE(created) << created.error().message;
        const BotId id = created->record.id;
        auto started = service_->start_bot(id);
        EXPECT_TRUE(started) << started.error().message;
        return id;
    }

    // One more 1m bar on the mock; true once the bot has read it. Bars
    // sent before the stream is connected are missed: the caller steps on.
    bool step() {
        const auto before = service_->bars_seen();
        mock().control("/_mock/advance", R"({"bars":1,"interval":"1m"})");
        for (int poll = 0; poll < 200; ++poll) {
            if (service_->bars_seen() > before) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }

    // Steps bars until the bot has sent `orders` orders (600 bars at most).
    bool trade_until(std::uint64_t orders) {
        for (int bar = 0; bar < 600 && service_->orders_sent() < orders; ++bar) {
            step();
        }
        return service_->orders_sent() >= orders;
    }

    engine::OrderRecord order(BotId bot, std::uint64_t sequence) {
        auto found = store_->find_order(ClientOrderId{bot, sequence});
        EXPECT_TRUE(found && found->has_value()) << "order " << sequence;
        return found && found->has_value() ? **found : engine::OrderRecord{};
    }

    std::filesystem::path dir_;
    engine::SystemClock clock_;
    SilentNotifier notifier_;
    LiveVenues venues_{clock_};
    std::unique_ptr<engine::Store> store_;
    std::unique_ptr<LiveMarketFeed> feed_;
    std::unique_ptr<FileJournal> journal_;
    std::unique_ptr<PaperFactory> factory_;
    std::unique_ptr<server::BotService> service_;
};

TEST_F(LiveDaemon, OrdersReachTheExchangeOnceAndALostAnswerSurvivesARestart) {
    const BotId bot = create_live_bot();
    ASSERT_TRUE(trade_until(2)) << "bars seen: " << service_->bars_seen();
    EXPECT_EQ(feed_->stream_count(), 1U);
    std::map<std::string, std::string> statuses;
    auto orders = mock_orders(&statuses);
    ASSERT_GE(orders.size(), 2U) << mock().control("/_mock/orders");
    for (std::uint64_t sequence = 1; sequence <= 2; ++sequence) {
        const std::string id =
            "osp-" + std::to_string(bot.value()) + "-" + std::to_string(sequence);
        EXPECT_EQ(orders[id], 1) << id;
        EXPECT_EQ(statuses[id], "FILLED") << id;
        EXPECT_EQ(order(bot, sequence).state, engine::OrderState::Filled) << id;
    }

    // The next order's answer is lost, and so is every lookup after it:
    // the outcome stays unknown, and the daemon stops before the next bar.
    mock().control("/_mock/fault", R"({"kind":"lose_response","count":6,"path":"/api/v3/order"})");
    const std::uint64_t sent = service_->orders_sent();
    ASSERT_TRUE(trade_until(sent + 1));
    stop();
    const std::uint64_t lost = orders.size() + 1;
    const std::string lost_id = "osp-" + std::to_string(bot.value()) + "-" + std::to_string(lost);
    EXPECT_FALSE(engine::is_final(order(bot, lost).state));
    EXPECT_EQ(mock_orders(&statuses)[lost_id], 1) << mock().control("/_mock/orders");
    EXPECT_EQ(statuses[lost_id], "FILLED");

    // The restarted daemon looks it up, books its fill, and sends nothing twice.
    start();
    ASSERT_TRUE(eventually([&] { return engine::is_final(order(bot, lost).state); }));
    EXPECT_EQ(order(bot, lost).state, engine::OrderState::Filled);
    EXPECT_FALSE(order(bot, lost).filled.is_zero());
    EXPECT_EQ(mock_orders().size(), lost);

    // And it trades on: the next order is new, and again only once.
    ASSERT_TRUE(trade_until(1));
    EXPECT_EQ(mock_orders().size(), lost + 1);
    for (const auto& [id, count] : mock_orders()) {
        EXPECT_EQ(count, 1) << id;
    }

    // No secret in the logs the daemon wrote.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "logs")) {
        std::ifstream file(entry.path());
        std::stringstream text_stream;
        text_stream << file.rdbuf();
        const std::string text = text_stream.str();
        EXPECT_EQ(text.find(secret), std::string::npos) << entry.path();
    }
}

TEST_F(LiveDaemon, AnOrderThatNeverArrivedIsRejectedAfterTheRestart) {
    const BotId bot = create_live_bot();
    // The first order and every lookup get a 503 before the mock handles
    // them: nothing is placed, but the daemon cannot know that yet.
    mock().control("/_mock/fault", R"({"kind":"http_status","status":503,"count":6,)"
                                   R"("path":"/api/v3/order"})");
    ASSERT_TRUE(trade_until(1));
    stop();
    EXPECT_FALSE(engine::is_final(order(bot, 1).state));
    EXPECT_TRUE(mock_orders().empty());

    start();
    ASSERT_TRUE(eventually([&] { return engine::is_final(order(bot, 1).state); }));
    EXPECT_EQ(order(bot, 1).state, engine::OrderState::Rejected);
    EXPECT_NE(order(bot, 1).error.find("not found at the exchange after restart"),
              std::string::npos)
        << order(bot, 1).error;
    // The bot may decide again: its next order is a new one.
    ASSERT_TRUE(trade_until(1));
    EXPECT_EQ(mock_orders().count("osp-" + std::to_string(bot.value()) + "-1"), 0U);
    EXPECT_EQ(mock_orders().size(), 1U);
}

TEST_F(LiveDaemon, MissingKeyIsOneLineNamingTheVariable) {
    ::unsetenv("OSPREY_BINANCE_API_KEY");  // NOLINT(concurrency-mt-unsafe): no venue is opening
    auto spec = server::parse_bot_spec(
        R"({"name": "live", "symbol": "BTCUSDT", "strategy": "simple", "mode": "live",
            "amount": "100"})");
    ASSERT_TRUE(spec);
    auto built = factory_->build(BotId{7}, *spec);
    ASSERT_FALSE(built);
    EXPECT_NE(built.error().message.find("OSPREY_BINANCE_API_KEY"), std::string::npos)
        << built.error().message;
    EXPECT_EQ(built.error().message.find(secret), std::string::npos);
    EXPECT_EQ(built.error().message.find('\n'), std::string::npos);

    spec->exchange = "bybit";
    built = factory_->build(BotId{7}, *spec);
    ASSERT_FALSE(built);
    EXPECT_NE(built.error().message.find("bybit"), std::string::npos);
}

}  // namespace
}  // namespace osprey::app
