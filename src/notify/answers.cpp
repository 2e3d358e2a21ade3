#include "notify/answers.hpp"

#include <charconv>
#include <cmath>
#include <simdjson.h>

namespace osprey::notify {

namespace {

using simdjson::dom::element;

std::optional<Duration> seconds(double value) {
    if (!std::isfinite(value) || value < 0) {
        return std::nullopt;
    }
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(value));
}

std::optional<double> number(element value) {
    double number = 0;
    if (value.get(number) == simdjson::SUCCESS) {
        return number;
    }
    std::int64_t whole = 0;
    if (value.get(whole) == simdjson::SUCCESS) {
        return static_cast<double>(whole);
    }
    return std::nullopt;
}

}  // namespace

std::optional<Duration> retry_after(const net::HttpResponse& response) {
    simdjson::dom::parser parser;
    element document;
    if (parser.parse(response.body).get(document) == simdjson::SUCCESS) {
        element value;
        if (document["retry_after"].get(value) == simdjson::SUCCESS
            || document.at_pointer("/parameters/retry_after").get(value) == simdjson::SUCCESS) {
            if (auto wait = number(value)) {
                return seconds(*wait);
            }
        }
    }
    if (const auto header = response.header("Retry-After")) {
        double value = 0;
        const auto [end, error] =
            std::from_chars(header->data(), header->data() + header->size(), value);
        if (error == std::errc{} && end == header->data() + header->size()) {
            return seconds(value);
        }
    }
    return std::nullopt;
}

Result<std::vector<ChatMessage>> parse_updates(std::string_view body) {
    simdjson::dom::parser parser;
    element document;
    simdjson::dom::array updates;
    bool ok = false;
    if (parser.parse(body.data(), body.size()).get(document) != simdjson::SUCCESS
        || document["ok"].get(ok) != simdjson::SUCCESS || !ok
        || document["result"].get(updates) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "telegram: getUpdates answer is not {ok, result}");
    }
    std::vector<ChatMessage> messages;
    messages.reserve(updates.size());
    for (const element update : updates) {
        ChatMessage message;
        if (update["update_id"].get(message.update_id) != simdjson::SUCCESS) {
            return fail(ErrorCode::ParseError, "telegram: an update without update_id");
        }
        std::string_view text;
        if (update.at_pointer("/message/chat/id").get(message.chat_id) == simdjson::SUCCESS
            && update.at_pointer("/message/text").get(text) == simdjson::SUCCESS) {
            message.text = std::string(text);
        }
        messages.push_back(std::move(message));
    }
    return messages;
}

}  // namespace osprey::notify
