#include "notify/notifications.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "net/url.hpp"
#include "notify/messages.hpp"

namespace osprey::notify {

namespace {

Result<net::HttpClient> client_for(std::string_view url, std::string_view setting,
                                   Duration timeout) {
    auto endpoint = net::parse_endpoint(url);
    if (!endpoint || endpoint->host.empty()) {
        // Not endpoint.error(): it would quote the URL, which holds a secret.
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("notify: {} is not an http(s):// URL", setting));
    }
    net::HttpClientOptions options;
    options.request_timeout = timeout;
    auto client = net::HttpClient::create(url, options);
    if (!client) {
        return fail(ErrorCode::InvalidArgument, fmt::format("notify: {} cannot be used", setting));
    }
    return client;
}

Status check(const Config& config) {
    const TelegramConfig& telegram = config.telegram;
    if (telegram.enabled() && telegram.chat_ids.empty() && telegram.allowed_chat_ids.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "notify.telegram: a token but no chat_ids to send to");
    }
    if (telegram.enabled() && telegram.token.find_first_of("/?# \n") != std::string::npos) {
        return fail(ErrorCode::InvalidArgument,
                    "notify.telegram.token has characters a bot token never has");
    }
    if (config.webhook.header
        && (config.webhook.header->first.empty()
            || config.webhook.header->first.find_first_of(": \r\n") != std::string::npos
            || config.webhook.header->second.find_first_of("\r\n") != std::string::npos)) {
        return fail(ErrorCode::InvalidArgument,
                    "notify.webhook.header must be one line 'Name: value'");
    }
    return {};
}

}  // namespace

Notifications::Notifications(Config config, LogSink log)
    : config_(std::move(config)), log_(std::move(log)) {}

Notifications::~Notifications() {
    stop(std::chrono::seconds(5));
}

void Notifications::notify(const engine::Notice& notice) {
    if (!config_.kinds.empty()
        && std::ranges::find(config_.kinds, notice.kind) == config_.kinds.end()) {
        return;
    }
    if (telegram_ && !config_.telegram.chat_ids.empty()) {
        telegram_->post(telegram_parcels(config_.telegram.chat_ids, plain_text(notice)));
    }
    if (discord_) {
        discord_->post(discord_parcels(notice));
    }
    if (webhook_) {
        std::vector<Parcel> parcels;
        parcels.push_back(webhook_parcel(notice));
        webhook_->post(std::move(parcels));
    }
}

void Notifications::stop(Duration grace) {
    {
        const std::scoped_lock lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (summaries_.joinable()) {
        summaries_.join();
    }
    if (commands_) {
        commands_->stop();
    }
    const Timestamp deadline = clock_.now() + grace;
    for (auto* outbox : {telegram_.get(), discord_.get(), webhook_.get()}) {
        if (outbox != nullptr) {
            outbox->stop(deadline);
        }
    }
}

DeliveryCounts Notifications::counts() const {
    DeliveryCounts total;
    for (const auto* outbox : {telegram_.get(), discord_.get(), webhook_.get()}) {
        if (outbox != nullptr) {
            total += outbox->counts();
        }
    }
    return total;
}

void Notifications::send_summaries(Duration every, engine::CommandAnswerer& answerer) {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, every, [this] { return stopping_; })) {
                return;
            }
        }
        std::string text = answerer.answer("summary");
        if (!text.empty()) {
            notify(
                {engine::NoticeKind::Summary, clock_.now(), BotId{0}, "Summary", std::move(text)});
        }
    }
}

Result<std::unique_ptr<Notifications>> start(const Config& config,
                                             engine::CommandAnswerer* answerer) {
    if (auto valid = check(config); !valid) {
        return fail(valid.error());
    }
    auto redactor = std::make_shared<Redactor>();
    redactor->add_secret(config.telegram.token);
    redactor->add_url(config.discord.webhook_url);
    redactor->add_url(config.webhook.url);
    if (config.webhook.header) {
        redactor->add_secret(config.webhook.header->second);
    }
    LogSink sink = config.log;
    if (!sink) {
        sink = [](std::string_view line) { std::cerr << line << '\n'; };
    }
    LogSink log = [redactor, sink](std::string_view line) { sink((*redactor)(line)); };

    auto notifications = std::make_unique<Notifications>(config, log);
    const DeliveryPolicy& policy = config.delivery;
    std::uint64_t seed = 1;
    const auto outbox = [&](std::string name, const std::string& url, std::string_view setting,
                            net::HttpHeaders headers) -> Result<std::unique_ptr<Outbox>> {
        auto client = client_for(url, setting, policy.request_timeout);
        if (!client) {
            return fail(client.error());
        }
        return std::make_unique<Outbox>(ChannelSpec{std::move(name), url, std::move(headers)},
                                        std::move(*client), policy, log, seed++);
    };
    const std::string telegram_base = config.telegram.api_base + "/bot" + config.telegram.token;
    if (config.telegram.enabled()) {
        auto telegram = outbox("telegram", telegram_base, "notify.telegram.api_base", {});
        if (!telegram) {
            return fail(telegram.error());
        }
        notifications->telegram_ = std::move(*telegram);
    }
    if (config.discord.enabled()) {
        auto discord =
            outbox("discord", config.discord.webhook_url, "notify.discord.webhook_url", {});
        if (!discord) {
            return fail(discord.error());
        }
        notifications->discord_ = std::move(*discord);
    }
    if (config.webhook.enabled()) {
        net::HttpHeaders headers;
        if (config.webhook.header) {
            headers.push_back(*config.webhook.header);
        }
        auto webhook =
            outbox("webhook", config.webhook.url, "notify.webhook.url", std::move(headers));
        if (!webhook) {
            return fail(webhook.error());
        }
        notifications->webhook_ = std::move(*webhook);
    }
    if (answerer != nullptr && config.telegram.enabled() && config.telegram.commands) {
        auto client = client_for(telegram_base, "notify.telegram.api_base",
                                 config.telegram.poll_timeout + policy.request_timeout);
        if (!client) {
            return fail(client.error());
        }
        notifications->commands_ = std::make_unique<TelegramCommands>(
            config.telegram, policy, std::move(*client), *answerer, *notifications->telegram_, log);
    }
    if (answerer != nullptr && config.any_channel() && config.summary_every > Duration::zero()) {
        notifications->summaries_ =
            std::thread([raw = notifications.get(), every = config.summary_every, answerer] {
                raw->send_summaries(every, *answerer);
            });
    }
    return notifications;
}

}  // namespace osprey::notify
