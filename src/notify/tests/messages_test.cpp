#include "notify/messages.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>

#include "notify/answers.hpp"
#include "notify/redactor.hpp"
#include "notify/telegram_commands.hpp"

namespace osprey::notify {
namespace {

engine::Notice notice(std::string title, std::string text) {
    return {engine::NoticeKind::TradeOpened, Timestamp::from_millis(1'709'251'200'000), BotId{7},
            std::move(title), std::move(text)};
}

TEST(SplitText, KeepsPiecesUnderTheLimitAndCutsAfterNewlines) {
    EXPECT_EQ(split_text("short", 10), std::vector<std::string>{"short"});
    const auto pieces = split_text("line one\nline two\nline three", 12);
    ASSERT_EQ(pieces.size(), 3U);
    EXPECT_EQ(pieces[0], "line one\n");
    std::string joined;
    for (const auto& piece : pieces) {
        EXPECT_LE(piece.size(), 12U);
        joined += piece;
    }
    EXPECT_EQ(joined, "line one\nline two\nline three");
}

TEST(SplitText, NeverCutsInsideAUtf8Character) {
    const std::string arrows = "↑↑↑↑";  // 3 bytes each
    for (const auto& piece : split_text(arrows, 4)) {
        EXPECT_EQ(piece, "↑");
    }
}

TEST(Parcels, TelegramSendsToEveryChat) {
    const std::array<std::int64_t, 2> chats = {11, -1002};
    const auto parcels = telegram_parcels(chats, "hi");
    ASSERT_EQ(parcels.size(), 2U);
    EXPECT_EQ(parcels[0].target, "/sendMessage");
    EXPECT_NE(parcels[1].body.find(R"("chat_id":-1002,"text":"hi")"), std::string::npos);
}

TEST(Parcels, DiscordSplitsAtTwoThousandBytes) {
    const auto parcels = discord_parcels(notice("t", std::string(4500, 'x')));
    ASSERT_EQ(parcels.size(), 3U);
    for (const auto& parcel : parcels) {
        EXPECT_LE(parcel.body.size(), discord_limit + 64);
    }
}

TEST(Parcels, WebhookBodyHasKindTimeBotTitleAndText) {
    EXPECT_EQ(webhook_parcel(notice("BTCUSDT long opened", "at 1\n")).body,
              R"({"kind":"trade_opened","at":"2024-03-01T00:00:00Z","bot":7,)"
              R"("title":"BTCUSDT long opened","text":"at 1\u000a"})");
}

TEST(Redactor, ReplacesSecretsAndUrlPaths) {
    Redactor redact;
    redact.add_secret("123456:ABCdef");
    redact.add_url("https://discord.com/api/webhooks/42/s3cr3t");
    EXPECT_EQ(redact("POST /bot123456:ABCdef/sendMessage"), "POST /bot***/sendMessage");
    EXPECT_EQ(redact("POST /api/webhooks/42/s3cr3t not sent"), "POST *** not sent");
    EXPECT_EQ(redact("to https://discord.com/api/webhooks/42/s3cr3t"), "to ***");
}

TEST(Commands, CommandOfStripsSlashBotNameAndArguments) {
    EXPECT_EQ(command_of("/status"), "status");
    EXPECT_EQ(command_of("/pnl@osprey_bot 7d"), "pnl");
    EXPECT_EQ(command_of("status"), "");
}

TEST(Answers, RetryAfterFromBodyOrHeader) {
    net::HttpResponse discord{429, R"({"retry_after": 0.25, "global": false})", {}};
    EXPECT_EQ(retry_after(discord), std::chrono::milliseconds(250));
    net::HttpResponse telegram{429, R"({"ok":false,"parameters":{"retry_after":3}})", {}};
    EXPECT_EQ(retry_after(telegram), std::chrono::seconds(3));
    net::HttpResponse header{429, "busy", {{"retry-after", "2"}}};
    EXPECT_EQ(retry_after(header), std::chrono::seconds(2));
    EXPECT_FALSE(retry_after(net::HttpResponse{429, "", {}}));
}

TEST(Answers, UpdatesKeepTheirIdsEvenWithoutText) {
    const auto updates = parse_updates(
        R"({"ok":true,"result":[{"update_id":5,"message":{"chat":{"id":9},"text":"/bots"}},)"
        R"({"update_id":6,"edited_message":{}}]})");
    ASSERT_TRUE(updates) << updates.error().message;
    ASSERT_EQ(updates->size(), 2U);
    EXPECT_EQ((*updates)[0].chat_id, 9);
    EXPECT_EQ((*updates)[0].text, "/bots");
    EXPECT_EQ((*updates)[1].update_id, 6);
    EXPECT_FALSE(parse_updates(R"({"ok":false})"));
}

}  // namespace
}  // namespace osprey::notify
