#pragma once
// The Notifier port: how the daemon tells its users what happened (trade
// opened or closed, an error, a bot started or stopped, a periodic summary).
// Telegram, Discord and a generic webhook implement it (src/notify/).
//
// notify() never blocks trading: an implementation queues the notice and
// delivers it from its own thread, retrying with backoff; a notice it cannot
// deliver is dropped with a logged error, never a stall. It is safe to call
// from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/timestamp.hpp"

namespace osprey::engine {

enum class NoticeKind : std::uint8_t {
    TradeOpened,
    TradeClosed,
    Error,
    BotStarted,
    BotStopped,
    Summary
};

struct Notice {
    NoticeKind kind = NoticeKind::Error;
    Timestamp at;
    BotId bot{0};       // zero: not about one bot (a summary, a daemon error)
    std::string title;  // one line: "BTCUSDT long opened"
    std::string text;   // the details, plain text, may span lines
};

class Notifier {
public:
    virtual ~Notifier() = default;
    Notifier() = default;
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;
    Notifier(Notifier&&) = delete;
    Notifier& operator=(Notifier&&) = delete;

    virtual void notify(const Notice& notice) = 0;
};

// Answers chat commands (/status, /positions, /bots, /pnl) with plain text.
// The daemon implements it; a notifier calls it from its own thread, so an
// implementation must be thread-safe (it answers from a snapshot).
class CommandAnswerer {
public:
    virtual ~CommandAnswerer() = default;
    CommandAnswerer() = default;
    CommandAnswerer(const CommandAnswerer&) = delete;
    CommandAnswerer& operator=(const CommandAnswerer&) = delete;
    CommandAnswerer(CommandAnswerer&&) = delete;
    CommandAnswerer& operator=(CommandAnswerer&&) = delete;

    // `command` without its slash ("status"); an empty answer means unknown.
    virtual std::string answer(std::string_view command) = 0;
};

constexpr std::string_view to_string(NoticeKind kind) {
    switch (kind) {
        case NoticeKind::TradeOpened: return "trade_opened";
        case NoticeKind::TradeClosed: return "trade_closed";
        case NoticeKind::Error: return "error";
        case NoticeKind::BotStarted: return "bot_started";
        case NoticeKind::BotStopped: return "bot_stopped";
        case NoticeKind::Summary: return "summary";
    }
    return "unknown";
}

}  // namespace osprey::engine
