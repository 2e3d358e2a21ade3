#pragma once
// How a notice is written for each service: the HTTP bodies, nothing sent.
// Telegram: sendMessage per chat (4096 characters at most, longer text is
// split). Discord: webhook content (2000 at most, split). Webhook: one JSON
// object {"kind","at","bot","title","text"}.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ports/notifier.hpp"

namespace osprey::notify {

// One HTTP POST of one message; `what` names it in logs ("sendMessage").
struct Parcel {
    std::string what;
    std::string target;  // below the channel's base URL: "/sendMessage", ""
    std::string body;    // JSON
};

inline constexpr std::size_t telegram_limit = 4096;
inline constexpr std::size_t discord_limit = 2000;

// Pieces of at most `limit` bytes, cut after a newline where one is near,
// never inside a UTF-8 character.
std::vector<std::string> split_text(std::string_view text, std::size_t limit);

// "title\ntext" (either may be empty).
std::string plain_text(const engine::Notice& notice);

std::vector<Parcel> telegram_parcels(std::span<const std::int64_t> chat_ids, std::string_view text);
std::vector<Parcel> discord_parcels(const engine::Notice& notice);
Parcel webhook_parcel(const engine::Notice& notice);

// The answer to a command nobody knows.
std::string_view command_help();

}  // namespace osprey::notify
