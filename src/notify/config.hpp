#pragma once
// What notifications go where (docs/notifications.md). Every channel is
// optional: an empty Config gives a Notifier that does nothing. Tokens,
// webhook URLs and header values are secrets: they come from the
// environment through the config file's ${VAR}, and notify never writes
// them to a log line or an error.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/timestamp.hpp"
#include "engine/ports/notifier.hpp"
#include "net/backoff.hpp"

namespace osprey::notify {

struct TelegramConfig {
    std::string token;  // secret: "123456:ABC..." from @BotFather
    // Every notice goes to each of these chats (groups are negative).
    std::vector<std::int64_t> chat_ids;
    // Chats whose commands are answered; empty: the chat_ids above.
    std::vector<std::int64_t> allowed_chat_ids;
    std::string api_base = "https://api.telegram.org";
    // Answer /status, /positions, /bots, /pnl (long-polling getUpdates).
    bool commands = true;
    // How long one getUpdates waits for a message; stop() may wait this long.
    Duration poll_timeout = std::chrono::seconds(10);

    bool enabled() const { return !token.empty(); }
};

struct DiscordConfig {
    std::string webhook_url;  // secret: https://discord.com/api/webhooks/<id>/<token>

    bool enabled() const { return !webhook_url.empty(); }
};

// A plain JSON POST, e.g. to an SMS gateway.
struct WebhookConfig {
    std::string url;  // secret
    // One extra header, e.g. {"Authorization", "Bearer ..."}; the value is secret.
    std::optional<std::pair<std::string, std::string>> header;

    bool enabled() const { return !url.empty(); }
};

struct DeliveryPolicy {
    // Messages waiting per channel; when full the oldest is dropped (counted).
    std::size_t queue_capacity = 256;
    int max_attempts = 6;
    net::BackoffPolicy backoff{std::chrono::milliseconds(500), std::chrono::seconds(30)};
    // The longest a 429's retry_after is honoured before the message is given up.
    Duration max_retry_after = std::chrono::minutes(5);
    Duration request_timeout = std::chrono::seconds(10);
};

// Receives one line per event worth a person's attention (failures,
// refused commands); secrets are already removed. Empty: standard error.
// Called from the channel threads, possibly at the same time.
using LogSink = std::function<void(std::string_view line)>;

struct Config {
    TelegramConfig telegram;
    DiscordConfig discord;
    WebhookConfig webhook;
    // Which notices are sent; empty: all of them.
    std::vector<engine::NoticeKind> kinds;
    // A NoticeKind::Summary with CommandAnswerer::answer("summary") this
    // often; zero: none.
    Duration summary_every = std::chrono::hours(6);
    DeliveryPolicy delivery;
    LogSink log;

    bool any_channel() const {
        return telegram.enabled() || discord.enabled() || webhook.enabled();
    }
};

}  // namespace osprey::notify
