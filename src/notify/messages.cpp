#include "notify/messages.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::notify {

namespace {

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// An ISO 8601 instant for machines: "2024-03-01T00:00:00Z".
std::string iso_time(Timestamp at) {
    std::string text = format_utc(at);
    std::ranges::replace(text, ' ', 'T');
    return text + "Z";
}

}  // namespace

std::vector<std::string> split_text(std::string_view text, std::size_t limit) {
    std::vector<std::string> pieces;
    pieces.reserve(text.size() / std::max<std::size_t>(limit, 1) + 1);
    while (text.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && is_continuation(text[cut])) {
            --cut;
        }
        if (cut == 0) {
            cut = limit;  // not UTF-8 after all: cut anywhere
        }
        // Prefer a line break in the second half of the piece.
        const std::size_t newline = text.rfind('\n', cut - 1);
        if (newline != std::string_view::npos && newline >= limit / 2) {
            cut = newline + 1;
        }
        pieces.emplace_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    if (!text.empty()) {
        pieces.emplace_back(text);
    }
    return pieces;
}

std::string plain_text(const engine::Notice& notice) {
    if (notice.title.empty() || notice.text.empty()) {
        return notice.title + notice.text;
    }
    return notice.title + "\n" + notice.text;
}

std::vector<Parcel> telegram_parcels(std::span<const std::int64_t> chat_ids,
                                     std::string_view text) {
    const std::vector<std::string> pieces = split_text(text, telegram_limit);
    std::vector<Parcel> parcels;
    parcels.reserve(chat_ids.size() * pieces.size());
    for (const std::int64_t chat : chat_ids) {
        for (const std::string& piece : pieces) {
            parcels.push_back(
                {"sendMessage", "/sendMessage",
                 fmt::format(R"({{"chat_id":{},"text":{},"disable_web_page_preview":true}})", chat,
                             json_string(piece))});
        }
    }
    return parcels;
}

std::vector<Parcel> discord_parcels(const engine::Notice& notice) {
    const std::string text =
        notice.title.empty() ? notice.text : "**" + notice.title + "**\n" + notice.text;
    const std::vector<std::string> pieces = split_text(text, discord_limit);
    std::vector<Parcel> parcels;
    parcels.reserve(pieces.size());
    for (const std::string& piece : pieces) {
        // No @everyone or role pings from trade text.
        parcels.push_back({"message", "",
                           fmt::format(R"({{"content":{},"allowed_mentions":{{"parse":[]}}}})",
                                       json_string(piece))});
    }
    return parcels;
}

Parcel webhook_parcel(const engine::Notice& notice) {
    return {
        "webhook", "",
        fmt::format(R"({{"kind":{},"at":{},"bot":{},"title":{},"text":{}}})",
                    json_string(engine::to_string(notice.kind)), json_string(iso_time(notice.at)),
                    notice.bot.value(), json_string(notice.title), json_string(notice.text))};
}

std::string_view command_help() {
    return "Commands: /status (the daemon), /positions (open positions), /bots (each bot), "
           "/pnl (profit and loss).";
}

}  // namespace osprey::notify
