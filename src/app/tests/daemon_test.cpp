// The daemon in one process: the bot service on a real SQLite file and a
// replay of real candles, its control API over real HTTP on loopback.
// (Restarts and crashes of the whole process: tests/daemon/crash_recovery.py.)

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/daemon/file_journal.hpp"
#include "app/daemon/paper_factory.hpp"
#include "data/candle_reader.hpp"
#include "engine/ports/system_clock.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "server/control_api.hpp"
#include "sim/replay_feed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace osprey::app {
namespace {

namespace json = boost::json;

constexpr std::size_t replay_bars = 3000;

// Keeps what the desk told (notify() may come from the engine thread).
class RecordingNotifier final : public engine::Notifier {
public:
    void notify(const engine::Notice& notice) override {
        const std::scoped_lock lock(mutex_);
        notices_.push_back(notice);
    }

    std::vector<engine::Notice> notices() const {
        const std::scoped_lock lock(mutex_);
        return notices_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<engine::Notice> notices_;
};

// The feed, counting the streams the bots asked for.
class CountingFeed final : public engine::MarketFeed {
public:
    explicit CountingFeed(engine::MarketFeed& feed) : feed_(feed) {}

    Status watch(const Symbol& symbol, Timeframe timeframe,
                 std::optional<Timestamp> caught_up) override {
        streams.insert(std::string(symbol.view()) + timeframe.to_string());
        return feed_.watch(symbol, timeframe, caught_up);
    }

    bool next(std::vector<engine::MarketBar>& out, Duration timeout) override {
        return feed_.next(out, timeout);
    }

    std::set<std::string> streams;

private:
    engine::MarketFeed& feed_;
};

std::vector<Candle> link_candles() {
    auto candles = data::read_candles(std::filesystem::path(OSPREY_SOURCE_DIR)
                                      / "data/sample/LINKUSDT-1m.csv.gz");
    EXPECT_TRUE(candles) << candles.error().message;
    candles->resize(replay_bars);
    return *candles;
}

class Daemon : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path()
               / ("osprey_daemon_"
                  + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        auto store = sqlite::open_store(dir_, engine::Durability::ProcessCrash);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        std::vector<sim::ReplayStream> streams;
        streams.push_back(
            {*Symbol::parse("LINKUSDT"), Timeframe(std::chrono::minutes(1)), link_candles()});
        replay_ = std::make_unique<sim::ReplayFeed>(std::move(streams), 0, clock_);
        feed_ = std::make_unique<CountingFeed>(*replay_);
        journal_ = std::make_unique<FileJournal>(dir_ / "logs", nullptr);
        service_ = std::make_unique<server::BotService>(*store_, notifier_, *journal_, *feed_,
                                                        factory_, clock_);
        ASSERT_TRUE(service_->start());
    }

    void serve(std::string token = {}) {
        auto server = net::HttpServer::start(net::ServerOptions{},
                                             server::control_api(*service_, std::move(token)));
        ASSERT_TRUE(server) << server.error().message;
        server_ = std::move(*server);
        auto client = net::HttpClient::create(fmt::format("http://127.0.0.1:{}", server_->port()));
        ASSERT_TRUE(client) << client.error().message;
        client_.emplace(std::move(*client));
    }

    void TearDown() override {
        if (server_) {
            server_->stop();
        }
        service_->stop();
        std::filesystem::remove_all(dir_);
    }

    net::HttpResponse call(net::HttpMethod method, std::string target, std::string body = {},
                           net::HttpHeaders headers = {}) {
        auto response = client_->send(net::HttpRequest{method, std::move(target), std::move(body),
                                                       "application/json", std::move(headers)});
        EXPECT_TRUE(response) << response.error().message;
        return response ? *response : net::HttpResponse{};
    }

    static json::value body(const net::HttpResponse& response) {
        return json::parse(response.body);
    }

    // The replay runs as fast as it goes: waits (60 s at most) for its end.
    void wait_for_the_replay() {
        for (int poll = 0; poll < 6000 && !service_->feed_ended(); ++poll) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ASSERT_TRUE(service_->feed_ended());
    }

    std::filesystem::path dir_;
    engine::SystemClock clock_;
    RecordingNotifier notifier_;
    PaperFactory factory_;
    std::unique_ptr<engine::Store> store_;
    std::unique_ptr<sim::ReplayFeed> replay_;
    std::unique_ptr<CountingFeed> feed_;
    std::unique_ptr<FileJournal> journal_;
    std::unique_ptr<server::BotService> service_;
    std::unique_ptr<net::HttpServer> server_;
    std::optional<net::HttpClient> client_;
};

constexpr std::string_view link_bot =
    R"({"name":"link","symbol":"LINKUSDT","strategy":"ema_cross","amount":"250",)"
    R"("parameters":{"fast":5,"slow":20}})";

TEST_F(Daemon, ABotIsCreatedStartedTradesAndIsStoppedAndDeletedThroughTheApi) {
    serve();
    const auto created = call(net::HttpMethod::Post, "/api/bots", std::string(link_bot));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = body(created).at("id").to_number<std::uint64_t>();
    EXPECT_EQ(body(created).at("status").as_string(), "stopped");
    EXPECT_EQ(body(created).at("spec").at("parameters").at("fast").as_string(), "5");

    const auto started = call(net::HttpMethod::Post, fmt::format("/api/bots/{}/start", id));
    ASSERT_EQ(started.status, 200) << started.body;
    EXPECT_EQ(body(started).at("status").as_string(), "running");
    wait_for_the_replay();

    const auto shown = call(net::HttpMethod::Get, fmt::format("/api/bots/{}", id));
    ASSERT_EQ(shown.status, 200);
    const json::value state = body(shown);
    const auto trades = state.at("live").at("trades").to_number<std::size_t>();
    EXPECT_GT(trades, 3U);
    auto stored = store_->load_trades(BotId{id});
    EXPECT_EQ(stored->size(), trades);  // the API shows what the store holds

    const auto stopped = call(net::HttpMethod::Post, fmt::format("/api/bots/{}/stop", id));
    EXPECT_EQ(body(stopped).at("status").as_string(), "stopped");
    EXPECT_TRUE(body(stopped).at("live").is_null());
    EXPECT_EQ(call(net::HttpMethod::Delete, fmt::format("/api/bots/{}", id)).status, 204);
    EXPECT_EQ(call(net::HttpMethod::Get, fmt::format("/api/bots/{}", id)).status, 404);
    EXPECT_EQ(store_->load_trades(BotId{id})->size(), trades);  // its history stays
    EXPECT_TRUE(std::filesystem::exists(dir_ / "logs" / fmt::format("bot-{}.jsonl", id)));
}

TEST_F(Daemon, StartsTradesAndStopsAreNotifiedAsTheyHappen) {
    serve();
    const auto created = call(net::HttpMethod::Post, "/api/bots", std::string(link_bot));
    const auto id = body(created).at("id").to_number<std::uint64_t>();
    ASSERT_EQ(call(net::HttpMethod::Post, fmt::format("/api/bots/{}/start", id)).status, 200);
    wait_for_the_replay();
    ASSERT_EQ(call(net::HttpMethod::Post, fmt::format("/api/bots/{}/stop", id)).status, 200);
    std::map<engine::NoticeKind, std::size_t> count;
    for (const engine::Notice& notice : notifier_.notices()) {
        EXPECT_EQ(notice.bot, BotId{id});
        EXPECT_NE(notice.title.find("link"), std::string::npos) << notice.title;
        ++count[notice.kind];
    }
    const std::size_t trades = store_->load_trades(BotId{id})->size();
    EXPECT_EQ(count[engine::NoticeKind::BotStarted], 1U);
    EXPECT_EQ(count[engine::NoticeKind::BotStopped], 1U);
    EXPECT_EQ(count[engine::NoticeKind::TradeClosed], trades);
    // Every trade was opened first; one may still be open at the end.
    EXPECT_GE(count[engine::NoticeKind::TradeOpened], trades);
    EXPECT_LE(count[engine::NoticeKind::TradeOpened], trades + 1);
    EXPECT_EQ(count[engine::NoticeKind::Error], 0U);
}

TEST_F(Daemon, ARiskSizedBotRisksItsPercentOfEquityToTheStop) {
    serve();
    const auto created =
        call(net::HttpMethod::Post, "/api/bots",
             R"({"name":"risky","symbol":"LINKUSDT","strategy":"ema_cross","amount":"1000",)"
             R"("parameters":{"fast":5,"slow":20},"sizing":"risk_percent","risk_pct":1,)"
             R"("stop_loss_pct":4})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = body(created).at("id").to_number<std::uint64_t>();
    ASSERT_EQ(call(net::HttpMethod::Post, fmt::format("/api/bots/{}/start", id)).status, 200);
    wait_for_the_replay();
    const auto trades = store_->load_trades(BotId{id});
    ASSERT_FALSE(trades->empty());
    // 1% of 1000 at risk over a 4% stop: a position of about 250, not the whole 1000.
    EXPECT_NEAR(trades->front().entry_cost.to_double(), 250.0, 2.0);
}

TEST_F(Daemon, BadInputIsOneLineErrorNamingTheFieldAndStoresNothing) {
    serve();
    const auto expect_error = [&](std::string request, int status, std::string_view names) {
        const auto answer = call(net::HttpMethod::Post, "/api/bots", std::move(request));
        EXPECT_EQ(answer.status, status) << answer.body;
        const std::string error(body(answer).at("error").as_string());
        EXPECT_NE(error.find(names), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    };
    expect_error("{not json", 400, "not JSON");
    expect_error(R"({"name":"a","symbol":"LINKUSDT","strategy":"ema_cross","amount":"-5"})", 400,
                 "amount");
    expect_error(R"({"name":"a","symbol":"LINKUSDT","strategy":"nope","amount":"5"})", 400,
                 "strategy");
    expect_error(R"({"name":"a","symbol":"LINKUSDT","strategy":"ema_cross","amount":"5",)"
                 R"("parameters":{"fast":-3}})",
                 400, "parameters.fast");
    expect_error(R"({"name":"a","symbol":"LINKUSDT","strategy":"ema_cross","amount":"5","sl":2})",
                 400, "sl: unknown field");
    expect_error(R"({"symbol":"LINKUSDT","strategy":"ema_cross","amount":"5"})", 400,
                 "name: is required");
    EXPECT_TRUE(store_->load_bots()->empty());
    ASSERT_EQ(call(net::HttpMethod::Post, "/api/bots", std::string(link_bot)).status, 201);
    expect_error(std::string(link_bot), 409, "exists already");
    EXPECT_EQ(store_->load_bots()->size(), 1U);
    EXPECT_EQ(call(net::HttpMethod::Post, "/api/bots/99/start").status, 404);
    EXPECT_EQ(call(net::HttpMethod::Get, "/api/nothing").status, 404);
}

TEST_F(Daemon, WithATokenEveryRequestNeedsItAndItIsNeverEchoed) {
    serve("s3cret-token");
    const auto refused = call(net::HttpMethod::Get, "/api/bots");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.body.find("s3cret"), std::string::npos);
    const auto wrong =
        call(net::HttpMethod::Get, "/api/bots", {}, {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(wrong.status, 401);
    const auto allowed =
        call(net::HttpMethod::Get, "/api/bots", {}, {{"Authorization", "Bearer s3cret-token"}});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(allowed.body, "[]");
}

TEST_F(Daemon, BotsOnOneSymbolShareOneStreamAndEachSpendsOnlyItsOwnCash) {
    serve();
    std::vector<std::uint64_t> ids;
    for (const auto* spec :
         {R"({"name":"small","symbol":"LINKUSDT","strategy":"ema_cross","amount":"100",)"
          R"("compounding":false,"parameters":{"fast":5,"slow":20}})",
          R"({"name":"large","symbol":"LINKUSDT","strategy":"ema_cross","amount":"1000",)"
          R"("compounding":false,"parameters":{"fast":5,"slow":20}})"}) {
        const auto created = call(net::HttpMethod::Post, "/api/bots", spec);
        ASSERT_EQ(created.status, 201) << created.body;
        ids.push_back(body(created).at("id").to_number<std::uint64_t>());
    }
    for (const std::uint64_t id : ids) {
        ASSERT_EQ(call(net::HttpMethod::Post, fmt::format("/api/bots/{}/start", id)).status, 200);
    }
    wait_for_the_replay();
    EXPECT_EQ(feed_->streams.size(), 1U);
    EXPECT_EQ(service_->bars_seen(), replay_bars);  // each bar read once, for both bots
    const auto small = store_->load_trades(BotId{ids[0]});
    const auto large = store_->load_trades(BotId{ids[1]});
    ASSERT_FALSE(small->empty());
    ASSERT_FALSE(large->empty());
    // Each from its own cash (no reinvesting): never above its amount, and
    // the large one's entries are not held to the small one's cash.
    for (const auto& trade : *small) {
        EXPECT_LE(trade.entry_cost.to_double(), 100.0);
    }
    for (const auto& trade : *large) {
        EXPECT_LE(trade.entry_cost.to_double(), 1000.0);
        EXPECT_GT(trade.entry_cost.to_double(), 500.0);
    }
    // The second bot started a few bars later; from then on both decide
    // on the same bars, so they enter at the same moments.
    std::size_t together = 0;
    for (const auto& trade : *large) {
        together += static_cast<std::size_t>(
            std::count_if(small->begin(), small->end(),
                          [&](const auto& other) { return other.entry_time == trade.entry_time; }));
    }
    EXPECT_GE(together, large->size() - 2);
}

}  // namespace
}  // namespace osprey::app
