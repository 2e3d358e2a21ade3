#include "app/daemon/file_journal.hpp"

#include <charconv>
#include <chrono>
#include <string>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::app {

namespace {

// Entries worth a line on the terminal; the file has them all.
bool worth_echoing(std::string_view event) {
    return event == "start" || event == "stop" || event == "opened" || event == "trade"
           || event == "rejected" || event == "error";
}

// A number of the JSON text shortened to 7 significant digits.
std::string short_number(std::string_view token) {
    double value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size()) {
        return std::string(token);
    }
    return fmt::format("{:.7g}", value);
}

// `"side":"long","price":101.5` → `side=long price=101.5`.
std::string human_fields(std::string_view fields) {
    std::string out;
    out.reserve(fields.size());
    bool in_string = false;
    std::size_t value_start = std::string::npos;
    const auto end_value = [&](std::size_t at) {
        if (value_start != std::string::npos) {
            out += short_number(fields.substr(value_start, at - value_start));
            value_start = std::string::npos;
        }
    };
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const char c = fields[i];
        if (c == '"') {
            in_string = !in_string;
        } else if (c == ':' && !in_string) {
            out += '=';
            value_start = i + 1 < fields.size() && fields[i + 1] != '"' ? i + 1 : std::string::npos;
        } else if (c == ',' && !in_string) {
            end_value(i);
            out += ' ';
        } else if (value_start == std::string::npos) {
            out += c;
        }
    }
    end_value(fields.size());
    return out;
}

}  // namespace

std::string utc_text(Timestamp at) {
    const std::chrono::sys_seconds seconds{std::chrono::seconds(at.millis() / 1000)};
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", seconds);
}

FileJournal::FileJournal(std::filesystem::path directory, std::FILE* echo)
    : directory_(std::move(directory)), echo_(echo) {
    std::filesystem::create_directories(directory_);
}

void FileJournal::write(const engine::JournalEntry& entry) {
    auto [file, added] = files_.try_emplace(entry.bot);
    if (added) {
        file->second.open(directory_ / fmt::format("bot-{}.jsonl", entry.bot.value()),
                          std::ios::app);
    }
    const std::string at = utc_text(entry.at);
    file->second << fmt::format(R"({{"at":"{}","bot":{},"name":{},"event":"{}"{}{}}})", at,
                                entry.bot.value(), json_string(entry.bot_name), entry.event,
                                entry.fields.empty() ? "" : ",", entry.fields)
                 << '\n'
                 << std::flush;
    if (echo_ != nullptr && worth_echoing(entry.event)) {
        fmt::print(echo_, "{}  {:<12} {:<8} {}\n", at, entry.bot_name, entry.event,
                   human_fields(entry.fields));
        std::fflush(echo_);
    }
}

}  // namespace osprey::app
