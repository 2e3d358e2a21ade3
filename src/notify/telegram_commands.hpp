#pragma once
// Answers chat commands (/status, /positions, /bots, /pnl) sent to the bot:
// long-polls getUpdates from its own thread, asks the CommandAnswerer, and
// posts the answer to the asking chat through the Telegram outbox. Only
// allowed chats are answered; a refusal is logged (chat id and command,
// never the token). Each update is confirmed with the next poll's offset,
// so it is answered once.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/ports/notifier.hpp"
#include "net/http_client.hpp"
#include "notify/answers.hpp"
#include "notify/config.hpp"
#include "notify/outbox.hpp"

namespace osprey::notify {

class TelegramCommands {
public:
    // `replies` (the Telegram outbox) and `answerer` must outlive this.
    TelegramCommands(const TelegramConfig& config, const DeliveryPolicy& policy,
                     net::HttpClient client, engine::CommandAnswerer& answerer, Outbox& replies,
                     LogSink log);
    ~TelegramCommands();
    TelegramCommands(const TelegramCommands&) = delete;
    TelegramCommands& operator=(const TelegramCommands&) = delete;
    TelegramCommands(TelegramCommands&&) = delete;
    TelegramCommands& operator=(TelegramCommands&&) = delete;

    // Ends the poll loop; waits for the poll in flight (poll_timeout at most).
    void stop();

private:
    void run();
    void handle(const ChatMessage& message);
    bool is_allowed(std::int64_t chat) const;
    // Waits `pause` unless stopped first (then false).
    bool pause(Duration pause);

    std::vector<std::int64_t> allowed_;
    Duration poll_timeout_;
    net::BackoffPolicy backoff_;
    net::HttpClient client_;
    engine::CommandAnswerer* answerer_;
    Outbox* replies_;
    LogSink log_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses
};

// The command in a message ("/pnl@osprey_bot 7d" -> "pnl"); empty if the
// text is not a command.
std::string_view command_of(std::string_view text);

}  // namespace osprey::notify
