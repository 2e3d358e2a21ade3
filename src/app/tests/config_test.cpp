#include "app/config.hpp"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

namespace osprey::app {
namespace {

TEST(ConfigFile, AnEmptyFileChangesNothing) {
    const auto config = parse_config("", "empty.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_FALSE(config->gate.has_value());
    EXPECT_FALSE(config->risk.sizing.has_value());
}

TEST(ConfigFile, GateProOffAndOverridesPerSide) {
    const auto pro = parse_config("gate: pro\n", "a.yaml");
    ASSERT_TRUE(pro);
    ASSERT_TRUE(pro->gate && *pro->gate);
    EXPECT_DOUBLE_EQ((*pro->gate)->long_side.rsi->min, 40);

    const auto off = parse_config("gate: off\n", "a.yaml");
    ASSERT_TRUE(off);
    ASSERT_TRUE(off->gate.has_value());
    EXPECT_FALSE(off->gate->has_value());

    const auto custom = parse_config(R"(
gate:
  long:
    rsi: [45, 65]
    volume_ratio_min: off
    fib_zones: [38.2-50]
  short:
    higher_timeframe_aligned: false
)",
                                     "a.yaml");
    ASSERT_TRUE(custom) << custom.error().message;
    const strategy::RulesGate& g = **custom->gate;
    EXPECT_DOUBLE_EQ(g.long_side.rsi->max, 65);
    EXPECT_FALSE(g.long_side.volume_ratio_min.has_value());
    EXPECT_EQ(*g.long_side.fib_zones,
              (std::array<bool, 6>{false, false, true, false, false, false}));
    EXPECT_DOUBLE_EQ(*g.long_side.macd_hist_min, 0.0003);  // untouched: the pro default
    EXPECT_FALSE(g.short_side.higher_timeframe_aligned);
    EXPECT_DOUBLE_EQ(g.short_side.rsi->min, 35);

    const auto bare = parse_config("gate:\n  preset: none\n  long:\n    atr_pct_min: 0.1\n", "a");
    ASSERT_TRUE(bare) << bare.error().message;
    EXPECT_FALSE((*bare->gate)->long_side.rsi.has_value());
    EXPECT_DOUBLE_EQ(*(*bare->gate)->long_side.atr_pct_min, 0.1);
}

TEST(ConfigFile, RiskSettings) {
    const auto config = parse_config(R"(
risk:
  sizing: risk_percent
  risk_pct: 0.5
  fee_aware: true
  min_notional: 5
  daily_loss_limit_pct: 3
  max_open_positions: 4
  compounding: fixed
)",
                                     "a.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->risk.sizing, risk::SizingMode::RiskPercent);
    EXPECT_EQ(config->risk.risk_pct, 0.5);
    EXPECT_EQ(config->risk.fee_aware, true);
    EXPECT_EQ(config->risk.min_notional, 5);
    EXPECT_EQ(config->risk.daily_loss_limit_pct, 3);
    EXPECT_EQ(config->risk.max_open_positions, 4u);
    EXPECT_EQ(config->risk.compounding, risk::Compounding::FixedAmount);
    EXPECT_FALSE(config->risk.amount.has_value());
}

TEST(ConfigFile, MistakesNameTheFileAndLine) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"gate:\n  long:\n    rsii: [40, 60]\n", "bot.yaml:3: unknown key 'rsii' in gate.long"},
        {"gate:\n  long:\n    rsi: [60, 40]\n", "bot.yaml:3: gate.long.rsi: min is above max"},
        {"gate:\n  long:\n    rsi: 50\n", "bot.yaml:3: gate.long.rsi must be [min, max]"},
        {"risk:\n  risk_pct: lots\n", "bot.yaml:2: risk.risk_pct must be a number"},
        {"risk:\n  sizing: kelly\n",
         "bot.yaml:2: risk.sizing must be one of amount, risk_percent, "
         "risk_amount, not 'kelly'"},
        {"gate: maybe\n", "bot.yaml:1: gate must be 'pro', 'off' or a map"},
        {"gate:\n  long:\n    fib_zones: [10-20]\n", "bot.yaml:3: unknown Fibonacci zone '10-20'"},
        {"exchanges: {}\nrisk: {amount: 5}\n", "bot.yaml:1: unknown key 'exchanges'"},
        {"risk: [1, 2\n", "bot.yaml:"},  // not YAML at all
    };

    for (const auto& c : cases) {
        const auto config = parse_config(c.text, "bot.yaml");
        ASSERT_FALSE(config) << c.text;
        EXPECT_EQ(config.error().message.rfind(c.error, 0), 0u)
            << "got: " << config.error().message << "\nwanted: " << c.error;
        EXPECT_EQ(config.error().message.find('\n'), std::string::npos);
    }
}

TEST(ConfigFile, SubstitutesTheEnvironmentAndRefusesUnsetVariables) {
    ::setenv("OSPREY_TEST_RISK", "2.5", 1);  // NOLINT(concurrency-mt-unsafe): single-threaded test
    const auto config = parse_config("risk:\n  risk_pct: ${OSPREY_TEST_RISK}\n", "env.yaml");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->risk.risk_pct, 2.5);
    const auto unset =
        parse_config("\nrisk:\n  risk_amount: ${OSPREY_TEST_NOT_SET_ANYWHERE}\n", "env.yaml");
    ASSERT_FALSE(unset);
    EXPECT_EQ(unset.error().message,
              "env.yaml:3: environment variable OSPREY_TEST_NOT_SET_ANYWHERE is not set");
}

TEST(ConfigFile, NotifySectionWithSecretsFromTheEnvironment) {
    // NOLINTBEGIN(concurrency-mt-unsafe): single-threaded test
    ::setenv("OSPREY_TEST_TG", "123456:SecretToken", 1);
    ::setenv("OSPREY_TEST_HOOK", "https://sms.example/send?key=SecretKey", 1);
    // NOLINTEND(concurrency-mt-unsafe)
    const auto config = parse_config(R"(
notify:
  telegram:
    token: ${OSPREY_TEST_TG}
    chat_ids: [123456789, -1001234567890]
    allowed_chat_ids: [123456789]
    commands: false
  discord:
    webhook_url: https://discord.com/api/webhooks/1/x
  webhook:
    url: ${OSPREY_TEST_HOOK}
    header: "Authorization: Bearer abc def"
  kinds: [trade_opened, error]
  summary_hours: 0.5
)",
                                     "n.yaml");
    ASSERT_TRUE(config) << config.error().message;
    const notify::Config& n = config->notify;
    EXPECT_EQ(n.telegram.token, "123456:SecretToken");
    EXPECT_EQ(n.telegram.chat_ids, (std::vector<std::int64_t>{123456789, -1001234567890}));
    EXPECT_EQ(n.telegram.allowed_chat_ids, (std::vector<std::int64_t>{123456789}));
    EXPECT_EQ(n.telegram.api_base, "https://api.telegram.org");
    EXPECT_FALSE(n.telegram.commands);
    EXPECT_EQ(n.discord.webhook_url, "https://discord.com/api/webhooks/1/x");
    EXPECT_EQ(n.webhook.url, "https://sms.example/send?key=SecretKey");
    ASSERT_TRUE(n.webhook.header);
    EXPECT_EQ(n.webhook.header->first, "Authorization");
    EXPECT_EQ(n.webhook.header->second, "Bearer abc def");
    EXPECT_EQ(n.kinds, (std::vector<engine::NoticeKind>{engine::NoticeKind::TradeOpened,
                                                        engine::NoticeKind::Error}));
    EXPECT_EQ(n.summary_every, std::chrono::minutes(30));

    const auto none = parse_config("risk: {amount: 5}\n", "n.yaml");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->notify.any_channel());
}

TEST(ConfigFile, NotifyMistakesNameTheKeyNeverTheSecret) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"notify:\n  discord:\n    webhook_url: ftp://x/SecretPath\n",
         "n.yaml:3: notify.discord.webhook_url must be an http(s):// URL"},
        {"notify:\n  telegram:\n    token: 1:SecretToken\n    chat_ids: [me]\n",
         "n.yaml:4: notify.telegram.chat_ids must be whole numbers"},
        {"notify:\n  telegram:\n    token: 1:SecretToken\n",
         "n.yaml:3: notify.telegram has a token but no chat_ids"},
        {"notify:\n  webhook:\n    url: https://h/SecretPath\n    header: SecretHeader\n",
         "n.yaml:4: notify.webhook.header must be 'Name: value'"},
        {"notify:\n  kinds: [trades]\n", "n.yaml:2: notify.kinds must be one of trade_opened"},
        {"notify:\n  slack: {}\n", "n.yaml:2: unknown key 'slack' in notify"},
    };

    for (const auto& c : cases) {
        const auto config = parse_config(c.text, "n.yaml");
        ASSERT_FALSE(config) << c.text;
        EXPECT_EQ(config.error().message.rfind(c.error, 0), 0u)
            << "got: " << config.error().message << "\nwanted: " << c.error;
        EXPECT_EQ(config.error().message.find("Secret"), std::string::npos);
    }
}

TEST(ConfigFile, AMissingFileIsAnErrorNamingIt) {
    const auto config = load_config("/nonexistent/osprey.yaml");
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("/nonexistent/osprey.yaml"), std::string::npos);
}

}  // namespace
}  // namespace osprey::app
