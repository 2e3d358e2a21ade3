// The notifier against the mock services (tools/mock-notify) over real
// loopback HTTP: what each service receives, retries, rate limits, a
// stalled server, Telegram commands, summaries, and secrets kept out of
// every log line and error.

#include "notify/notifications.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <simdjson.h>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "notify/tests/mock_notify.hpp"

namespace osprey::notify {
namespace {

constexpr std::string_view token = "123456:TokenSecretAbc";
constexpr std::string_view discord_secret = "discordSecretXyz";
constexpr std::string_view webhook_secret = "smsSecretQrs";
constexpr std::string_view header_secret = "Bearer headerSecretUvw";

testing::MockNotify& mock() {
    static testing::MockNotify server;  // one start for the whole program
    return server;
}

// What the mock received, one request each.
struct Received {
    std::string channel;
    std::string path;
    int status = 0;
    double at = 0;
    std::int64_t chat_id = 0;
    std::string text;           // Telegram text, Discord content or webhook text
    std::string kind;           // webhook only
    std::string authorization;  // header, if sent
    std::string body;           // minified JSON
};

std::vector<Received> received(std::string_view channel) {
    const std::string json = mock().control("/_mock/received");
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    std::vector<Received> out;
    if (parser.parse(json).get(root) != simdjson::SUCCESS) {
        ADD_FAILURE() << "mock answered " << json;
        return out;
    }
    for (const simdjson::dom::element request : root["requests"].get_array()) {
        Received r;
        r.channel = std::string(request["channel"].get_string().value());
        r.path = std::string(request["path"].get_string().value());
        if (r.channel != channel || r.path.ends_with("/getUpdates")) {
            continue;
        }
        r.status = static_cast<int>(request["status"].get_int64().value());
        r.at = request["at"].get_double().value();
        const simdjson::dom::element body = request["body"];
        r.body = simdjson::minify(body);
        std::string_view text;
        if (body["text"].get(text) == simdjson::SUCCESS
            || body["content"].get(text) == simdjson::SUCCESS) {
            r.text = std::string(text);
        }
        if (body["kind"].get(text) == simdjson::SUCCESS) {
            r.kind = std::string(text);
        }
        if (body["chat_id"].get(r.chat_id) != simdjson::SUCCESS) {
            r.chat_id = 0;
        }
        if (request.at_pointer("/headers/Authorization").get(text) == simdjson::SUCCESS) {
            r.authorization = std::string(text);
        }
        out.push_back(std::move(r));
    }
    return out;
}

// Polls a condition (not a sleep for timing: it returns as soon as it holds).
// At most about 10 s.
template <class Predicate>
bool eventually(Predicate holds) {
    for (int poll = 0; poll < 1000; ++poll) {
        if (holds()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return holds();
}

class Answerer final : public engine::CommandAnswerer {
public:
    std::string answer(std::string_view command) override {
        if (command == "status") {
            return "3 bots running";
        }
        if (command == "summary") {
            return "PnL today: +12.5 USDT";
        }
        return {};
    }
};

class Notifications : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(mock().running()) << "tools/mock-notify did not start";
        mock().control("/_mock/reset", "{}");
        config_.log = [this](std::string_view line) {
            const std::scoped_lock lock(mutex_);
            lines_.emplace_back(line);
        };
        config_.delivery.backoff = {std::chrono::milliseconds(5), std::chrono::milliseconds(50)};
        config_.delivery.request_timeout = std::chrono::seconds(30);
        config_.summary_every = Duration::zero();
        config_.telegram.api_base = mock().url();
        config_.telegram.poll_timeout = std::chrono::seconds(1);
    }

    void TearDown() override {
        const std::scoped_lock lock(mutex_);
        for (const std::string& line : lines_) {
            for (const std::string_view secret :
                 {token, discord_secret, webhook_secret, header_secret}) {
                EXPECT_EQ(line.find(secret), std::string::npos) << "a secret in: " << line;
            }
        }
    }

    void use_telegram() {
        config_.telegram.token = std::string(token);
        config_.telegram.chat_ids = {11, -1002};
    }

    void use_discord() {
        config_.discord.webhook_url =
            mock().url() + "/api/webhooks/42/" + std::string(discord_secret);
    }

    void use_webhook() {
        config_.webhook.url = mock().url() + "/hook/" + std::string(webhook_secret);
        config_.webhook.header = {"Authorization", std::string(header_secret)};
    }

    std::unique_ptr<notify::Notifications> start_notifications(
        engine::CommandAnswerer* answerer = nullptr) {
        auto started = start(config_, answerer);
        EXPECT_TRUE(started) << started.error().message;
        return started ? std::move(*started) : nullptr;
    }

    std::vector<std::string> log_lines() {
        const std::scoped_lock lock(mutex_);
        return lines_;
    }

    bool logged(std::string_view part) {
        const auto lines = log_lines();
        return std::ranges::any_of(
            lines, [&](const std::string& line) { return line.find(part) != std::string::npos; });
    }

    static engine::Notice notice(std::string title,
                                 engine::NoticeKind kind = engine::NoticeKind::TradeOpened) {
        return {kind, Timestamp::from_millis(1'709'251'200'000), BotId{3}, std::move(title),
                "entry 61250.5, stop 60100"};
    }

    Config config_;
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

TEST_F(Notifications, AnEmptyConfigDoesNothing) {
    auto notifications = start_notifications();
    ASSERT_TRUE(notifications);
    notifications->notify(notice("ignored"));
    notifications->stop(std::chrono::seconds(1));
    EXPECT_EQ(notifications->counts().delivered, 0U);
}

TEST_F(Notifications, TelegramSendsTheTextToEveryChat) {
    use_telegram();
    auto notifications = start_notifications();
    notifications->notify(notice("BTCUSDT long opened"));
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 2; }));
    const auto sent = received("telegram");
    ASSERT_EQ(sent.size(), 2U);
    std::vector<std::int64_t> chats = {sent[0].chat_id, sent[1].chat_id};
    std::ranges::sort(chats);
    EXPECT_EQ(chats, (std::vector<std::int64_t>{-1002, 11}));
    EXPECT_EQ(sent[0].text, "BTCUSDT long opened\nentry 61250.5, stop 60100");
    EXPECT_EQ(sent[0].path, "/bot" + std::string(token) + "/sendMessage");
}

TEST_F(Notifications, DiscordAndWebhookBodies) {
    use_discord();
    use_webhook();
    auto notifications = start_notifications();
    notifications->notify(notice("ETHUSDT short closed", engine::NoticeKind::TradeClosed));
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 2; }));
    const auto discord = received("discord");
    ASSERT_EQ(discord.size(), 1U);
    EXPECT_EQ(discord[0].text, "**ETHUSDT short closed**\nentry 61250.5, stop 60100");
    const auto webhook = received("webhook");
    ASSERT_EQ(webhook.size(), 1U);
    EXPECT_EQ(webhook[0].body,
              R"({"kind":"trade_closed","at":"2024-03-01T00:00:00Z","bot":3,)"
              R"("title":"ETHUSDT short closed","text":"entry 61250.5, stop 60100"})");
    EXPECT_EQ(webhook[0].authorization, header_secret);
}

TEST_F(Notifications, LongDiscordTextIsSplitUnderTheLimit) {
    use_discord();
    auto notifications = start_notifications();
    engine::Notice big = notice("report");
    big.text = std::string(4500, 'x');
    notifications->notify(big);
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 3; }));
    for (const auto& part : received("discord")) {
        EXPECT_EQ(part.status, 200);  // the mock refuses content over 2000
    }
}

TEST_F(Notifications, AServerErrorIsRetriedAndDeliveredOnce) {
    use_webhook();
    mock().control("/_mock/fault", R"({"path":"/hook","kind":"status","status":500})");
    auto notifications = start_notifications();
    notifications->notify(notice("retry me"));
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 1; }));
    const auto sent = received("webhook");
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0].status, 500);
    EXPECT_EQ(sent[1].status, 200);
    EXPECT_EQ(notifications->counts().failed, 0U);
    EXPECT_TRUE(logged("webhook: webhook failed: HTTP 500; attempt 1 of 6"));
}

TEST_F(Notifications, ARateLimitWaitsTheServersRetryAfter) {
    use_discord();
    mock().control("/_mock/fault",
                   R"({"path":"/api/webhooks","kind":"status","status":429,"retry_after":0.3})");
    auto notifications = start_notifications();
    notifications->notify(notice("slow down"));
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 1; }));
    const auto sent = received("discord");
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0].status, 429);
    // The backoff alone would have waited 5 ms.
    EXPECT_GE(sent[1].at - sent[0].at, 0.29);
}

TEST_F(Notifications, AClientErrorIsNotRetried) {
    use_webhook();
    mock().control("/_mock/fault", R"({"path":"/hook","kind":"status","status":403})");
    auto notifications = start_notifications();
    notifications->notify(notice("forbidden"));
    ASSERT_TRUE(eventually([&] { return notifications->counts().failed == 1; }));
    EXPECT_EQ(received("webhook").size(), 1U);
    EXPECT_TRUE(logged("webhook: webhook failed: HTTP 403 (not retried)"));
}

TEST_F(Notifications, NotifyReturnsWhileTheServerStallsAndAFullQueueDropsTheOldest) {
    use_webhook();
    config_.delivery.queue_capacity = 1;
    mock().control("/_mock/fault", R"({"path":"/hook","kind":"stall","ms":20000})");
    auto notifications = start_notifications();
    notifications->notify(notice("first"));
    ASSERT_TRUE(eventually([&] { return received("webhook").size() == 1; }));
    // The first request is held by the mock; these calls only enqueue.
    notifications->notify(notice("second"));
    notifications->notify(notice("third"));
    const DeliveryCounts stalled = notifications->counts();
    EXPECT_EQ(stalled.sending, 1U);
    EXPECT_EQ(stalled.waiting, 1U);
    EXPECT_EQ(stalled.dropped, 1U);
    EXPECT_EQ(stalled.delivered, 0U);
    mock().control("/_mock/release", "{}");
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 2; }));
    const auto sent = received("webhook");
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_NE(sent[0].body.find("first"), std::string::npos);
    EXPECT_NE(sent[1].body.find("third"), std::string::npos);
    EXPECT_TRUE(logged("webhook: queue full, dropped the 1 oldest message(s)"));
}

TEST_F(Notifications, StopDeliversWhatIsQueued) {
    use_webhook();
    auto notifications = start_notifications();
    for (int i = 0; i < 5; ++i) {
        notifications->notify(notice("n" + std::to_string(i)));
    }
    notifications->stop(std::chrono::seconds(5));
    EXPECT_EQ(notifications->counts().delivered, 5U);
}

TEST_F(Notifications, CommandsAreAnsweredOnlyForAllowedChats) {
    use_telegram();
    config_.telegram.allowed_chat_ids = {11};
    Answerer answerer;
    auto notifications = start_notifications(&answerer);
    mock().control("/_mock/telegram/updates", R"({"chat_id":99,"text":"/status"})");
    mock().control("/_mock/telegram/updates", R"({"chat_id":11,"text":"/status"})");
    mock().control("/_mock/telegram/updates", R"({"chat_id":11,"text":"/dance"})");
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered == 2; }));
    const auto sent = received("telegram");
    ASSERT_EQ(sent.size(), 2U);
    EXPECT_EQ(sent[0].chat_id, 11);
    EXPECT_EQ(sent[0].text, "3 bots running");
    EXPECT_EQ(sent[1].chat_id, 11);
    EXPECT_NE(sent[1].text.find("/positions"), std::string::npos);  // the help text
    EXPECT_TRUE(logged("telegram: refused /status from chat 99"));
    // The next poll confirms all three (offset 4), so none is answered twice.
    ASSERT_TRUE(eventually([&] {
        return mock().control("/_mock/received").find(R"("offset": "4")") != std::string::npos;
    }));
    notifications->stop(std::chrono::seconds(2));
    EXPECT_EQ(received("telegram").size(), 2U);
}

TEST_F(Notifications, SummariesAskTheAnswererAndKindsFilter) {
    use_webhook();
    config_.summary_every = std::chrono::milliseconds(50);
    config_.kinds = {engine::NoticeKind::Summary, engine::NoticeKind::Error};
    Answerer answerer;
    auto notifications = start_notifications(&answerer);
    notifications->notify(notice("filtered out"));
    notifications->notify(notice("disk full", engine::NoticeKind::Error));
    ASSERT_TRUE(eventually([&] { return notifications->counts().delivered >= 2; }));
    notifications->stop(std::chrono::seconds(2));
    const auto sent = received("webhook");
    ASSERT_GE(sent.size(), 2U);
    bool summary = false;
    for (const auto& message : sent) {
        EXPECT_NE(message.kind, "trade_opened");
        summary = summary || (message.kind == "summary" && message.text == "PnL today: +12.5 USDT");
    }
    EXPECT_TRUE(summary);
}

TEST_F(Notifications, TransportErrorsAndConfigErrorsNameNoSecret) {
    use_telegram();
    config_.telegram.api_base = "http://127.0.0.1:1";  // nothing listens there
    config_.delivery.max_attempts = 2;
    auto notifications = start_notifications();
    notifications->notify(notice("unreachable"));
    ASSERT_TRUE(eventually([&] { return notifications->counts().failed == 2; }));
    EXPECT_TRUE(logged("telegram: sendMessage failed"));
    EXPECT_TRUE(logged("gave up after 2 attempts"));

    Config bad;
    bad.discord.webhook_url =
        "ftp://discord.example/api/webhooks/42/" + std::string(discord_secret);
    auto refused = start(bad, nullptr);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message,
              "notify: notify.discord.webhook_url is not an http(s):// URL");
}

}  // namespace
}  // namespace osprey::notify
