#pragma once
// The Notifier the daemon holds: fans each notice out to the configured
// channels (Telegram, Discord, webhook), each with its own Outbox and
// delivery thread; answers Telegram commands; sends a summary every
// Config::summary_every. notify() only formats and enqueues.
//
//   auto notifications = notify::start(config.notify, &answerer);
//   if (!notifications) { print(notifications.error()); return 1; }
//   engine.set_notifier(notifications->get());   // engine::Notifier&
//   ...
//   (*notifications)->stop(std::chrono::seconds(5));  // or just destroy it

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "engine/ports/notifier.hpp"
#include "engine/ports/system_clock.hpp"
#include "notify/config.hpp"
#include "notify/outbox.hpp"
#include "notify/redactor.hpp"
#include "notify/telegram_commands.hpp"

namespace osprey::notify {

class Notifications final : public engine::Notifier {
public:
    ~Notifications() override;

    // Thread-safe; never waits for the network.
    void notify(const engine::Notice& notice) override;

    // Stops answering commands and summaries, delivers what is queued
    // within `grace` (retries included), then joins every thread. Also done
    // by the destructor, with a grace of 5 s.
    void stop(Duration grace);

    // Summed over the channels.
    DeliveryCounts counts() const;

    Notifications(const Notifications&) = delete;
    Notifications& operator=(const Notifications&) = delete;
    Notifications(Notifications&&) = delete;
    Notifications& operator=(Notifications&&) = delete;

    // Use start(): this alone has no channel and sends nothing.
    Notifications(Config config, LogSink log);

private:
    friend Result<std::unique_ptr<Notifications>> start(const Config& config,
                                                        engine::CommandAnswerer* answerer);
    void send_summaries(Duration every, engine::CommandAnswerer& answerer);

    Config config_;
    LogSink log_;  // redacting
    engine::SystemClock clock_;
    std::unique_ptr<Outbox> telegram_;
    std::unique_ptr<Outbox> discord_;
    std::unique_ptr<Outbox> webhook_;
    std::unique_ptr<TelegramCommands> commands_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread summaries_;
};

// Checks the config (URLs, chat ids) and starts the channel threads.
// `answerer` may be null: then no commands and no summaries. Errors never
// contain a token or URL.
Result<std::unique_ptr<Notifications>> start(const Config& config,
                                             engine::CommandAnswerer* answerer);

}  // namespace osprey::notify
