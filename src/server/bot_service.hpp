#pragma once
// The bot service: the daemon's engine thread and the only way in to it.
// One thread runs every bot (engine::Desk) on the shared market feed; API
// handlers, the command line's control calls and chat commands run on other
// threads and reach it through commands that the engine thread executes
// between ticks, so trading state is never touched by two threads.
//
// Bots live in the store: create writes one (stopped), start runs it and
// marks it running, and a daemon that starts resumes every bot marked
// running, from its last stored state.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "engine/desk.hpp"
#include "engine/ports/clock.hpp"
#include "engine/ports/journal.hpp"
#include "engine/ports/market_feed.hpp"
#include "engine/ports/notifier.hpp"
#include "engine/ports/store.hpp"
#include "server/bot_spec.hpp"

namespace osprey::server {

// What the app plugs in: the strategy, venue and settings a spec describes.
struct BotParts {
    engine::BotConfig config;
    std::unique_ptr<strategy::Strategy> strategy;
    std::unique_ptr<engine::Venue> venue;
};

class BotFactory {
public:
    virtual ~BotFactory() = default;
    BotFactory() = default;
    BotFactory(const BotFactory&) = delete;
    BotFactory& operator=(const BotFactory&) = delete;
    BotFactory(BotFactory&&) = delete;
    BotFactory& operator=(BotFactory&&) = delete;

    // An error names what in the spec cannot be built (an unknown strategy,
    // a parameter out of range, live mode without credentials...).
    virtual Result<BotParts> build(BotId id, const BotSpec& spec) = 0;
};

struct BotInfo {
    engine::BotRecord record;
    BotSpec spec;
    std::optional<engine::BotView> live;  // while it runs
};

class BotService final : public engine::CommandAnswerer {
public:
    BotService(engine::Store& store, engine::Notifier& notifier, engine::Journal& journal,
               engine::MarketFeed& feed, BotFactory& factory, const engine::Clock& clock);
    BotService(const BotService&) = delete;
    BotService& operator=(const BotService&) = delete;
    BotService(BotService&&) = delete;
    BotService& operator=(BotService&&) = delete;
    ~BotService() override;

    // Starts the engine thread, which resumes every bot stored as running.
    // An error if the stored bots cannot be read.
    Status start();
    // Finishes the current tick, writes progress, stops the thread. Bots
    // stay marked running, so the next start resumes them.
    void stop();

    // Thread-safe; each waits for the engine thread to carry it out.
    Result<BotInfo> create(const BotSpec& spec);
    Result<std::vector<BotInfo>> list();
    Result<BotInfo> get(BotId id);
    Result<BotInfo> update(BotId id, std::string_view patch);  // a stopped bot only
    Result<BotInfo> start_bot(BotId id);
    Result<BotInfo> stop_bot(BotId id);
    Status remove(BotId id);  // stops it; its history stays in the store

    // Plain-text answers for chat: status, positions, bots, pnl, summary.
    std::string answer(std::string_view command) override;

    // Engine counters: bars read and orders sent since start.
    std::uint64_t bars_seen() const;
    std::uint64_t orders_sent() const;
    bool feed_ended() const;

private:
    // Run with false on the engine thread; with true when the daemon stops
    // before it could run (it then only answers so).
    using Command = std::function<void(bool cancelled)>;

    // Runs `work` on the engine thread and returns what it returned.
    template <class T>
    Result<T> on_engine(std::function<Result<T>()> work);

    void run();
    Status start_on_engine(const engine::BotRecord& record);
    Result<BotInfo> info(const engine::BotRecord& record) const;
    Result<engine::BotRecord> find_record(BotId id);  // engine thread
    void publish();

    engine::Store& store_;
    engine::MarketFeed& feed_;
    BotFactory& factory_;
    const engine::Clock& clock_;
    std::unique_ptr<engine::Desk> desk_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Command> commands_;
    bool stopping_ = false;
    bool running_ = false;
    bool feed_ended_ = false;
    std::vector<engine::BotView> snapshot_;  // the desk's view after the last tick
    std::uint64_t bars_seen_ = 0;
    std::uint64_t orders_sent_ = 0;
    std::thread thread_;
};

}  // namespace osprey::server
