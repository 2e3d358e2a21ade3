#include "notify/telegram_commands.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "net/backoff.hpp"
#include "notify/messages.hpp"

namespace osprey::notify {

namespace {

constexpr std::array<std::string_view, 4> known_commands = {"status", "positions", "bots", "pnl"};

}  // namespace

std::string_view command_of(std::string_view text) {
    if (!text.starts_with('/')) {
        return {};
    }
    text.remove_prefix(1);
    return text.substr(0, std::min(text.find_first_of(" @\n"), text.size()));
}

TelegramCommands::TelegramCommands(const TelegramConfig& config, const DeliveryPolicy& policy,
                                   net::HttpClient client, engine::CommandAnswerer& answerer,
                                   Outbox& replies, LogSink log)
    : allowed_(config.allowed_chat_ids.empty() ? config.chat_ids : config.allowed_chat_ids),
      poll_timeout_(config.poll_timeout),
      backoff_(policy.backoff),
      client_(std::move(client)),
      answerer_(&answerer),
      replies_(&replies),
      log_(std::move(log)),
      thread_([this] { run(); }) {}

TelegramCommands::~TelegramCommands() {
    stop();
}

void TelegramCommands::stop() {
    {
        const std::scoped_lock lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool TelegramCommands::pause(Duration pause) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, pause, [this] { return stopping_; });
}

bool TelegramCommands::is_allowed(std::int64_t chat) const {
    return std::ranges::find(allowed_, chat) != allowed_.end();
}

void TelegramCommands::run() {
    net::Backoff backoff(backoff_, 0x7e1e);
    std::int64_t offset = 0;
    const auto timeout_seconds = std::max<std::int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(poll_timeout_).count(), 1);
    for (;;) {
        {
            const std::scoped_lock lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        net::HttpRequest request;
        request.target =
            fmt::format("/getUpdates?offset={}&timeout={}&allowed_updates=%5B%22message%22%5D",
                        offset, timeout_seconds);
        auto response = client_.send(request);
        Result<std::vector<ChatMessage>> messages =
            !response                 ? Result<std::vector<ChatMessage>>(fail(response.error()))
            : response->status != 200 ? Result<std::vector<ChatMessage>>(
                  fail(ErrorCode::Unavailable, fmt::format("HTTP {}", response->status)))
                                      : parse_updates(response->body);
        if (!messages) {
            const Duration wait = backoff.next();
            log_(fmt::format("telegram: getUpdates failed: {}; next in {} ms",
                             messages.error().message,
                             std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()));
            if (!pause(wait)) {
                return;
            }
            continue;
        }
        backoff.reset();
        for (const ChatMessage& message : *messages) {
            offset = std::max(offset, message.update_id + 1);
            handle(message);
        }
    }
}

void TelegramCommands::handle(const ChatMessage& message) {
    const std::string_view command = command_of(message.text);
    if (command.empty()) {
        return;  // plain chat text: not for us
    }
    if (!is_allowed(message.chat_id)) {
        log_(fmt::format("telegram: refused /{} from chat {} (not an allowed chat)",
                         command.substr(0, 32), message.chat_id));
        return;
    }
    std::string answer;
    if (std::ranges::find(known_commands, command) != known_commands.end()) {
        answer = answerer_->answer(command);
    }
    if (answer.empty()) {
        answer = std::string(command_help());
    }
    const std::array<std::int64_t, 1> chat = {message.chat_id};
    replies_->post(telegram_parcels(chat, answer));
}

}  // namespace osprey::notify
