#pragma once
// What the services answer, read: a 429's retry_after (Discord's body,
// Telegram's parameters, or the Retry-After header) and Telegram's
// getUpdates messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "net/http_client.hpp"

namespace osprey::notify {

// How long the server asked us to wait, if it said.
std::optional<Duration> retry_after(const net::HttpResponse& response);

struct ChatMessage {
    std::int64_t update_id = 0;
    std::int64_t chat_id = 0;
    std::string text;  // empty for what is not text (a photo, a join)
};

// The "result" array of a getUpdates answer. Updates that are not messages
// still carry their update_id, so the offset moves past them.
Result<std::vector<ChatMessage>> parse_updates(std::string_view body);

}  // namespace osprey::notify
