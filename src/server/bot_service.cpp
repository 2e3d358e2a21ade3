#include "server/bot_service.hpp"

#include <algorithm>
#include <future>
#include <utility>

#include <fmt/format.h>

namespace osprey::server {

namespace {

constexpr Duration tick_wait = std::chrono::milliseconds(50);

Failure no_such_bot(BotId id) {
    return fail(ErrorCode::NotFound, fmt::format("bot {}: no such bot", id.value()));
}

}  // namespace

BotService::BotService(engine::Store& store, engine::Notifier& notifier, engine::Journal& journal,
                       engine::MarketFeed& feed, BotFactory& factory, const engine::Clock& clock)
    : store_(store),
      feed_(feed),
      factory_(factory),
      clock_(clock),
      desk_(std::make_unique<engine::Desk>(store, notifier, journal, clock)) {}

BotService::~BotService() {
    stop();
}

Status BotService::start() {
    OSPREY_ASSERT(!thread_.joinable(), "the bot service starts once");
    auto bots = store_.load_bots();
    if (!bots) {
        return fail(bots.error());
    }
    // Before the engine thread exists this thread may use the store.
    for (const engine::BotRecord& record : *bots) {
        if (record.status != engine::BotStatus::Running) {
            continue;
        }
        if (Status started = start_on_engine(record); !started) {
            engine::BotRecord faulted = record;
            faulted.status = engine::BotStatus::Faulted;
            static_cast<void>(store_.save_bot(faulted));
            static_cast<void>(store_.record_event(
                engine::EventRecord{clock_.now(), record.id, engine::EventLevel::Error,
                                    "start_failed", started.error().message}));
        }
    }
    publish();
    {
        const std::scoped_lock lock(mutex_);
        running_ = true;
    }
    thread_ = std::thread([this] { run(); });
    return {};
}

void BotService::stop() {
    {
        const std::scoped_lock lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void BotService::run() {
    std::vector<engine::MarketBar> bars;
    bars.reserve(512);
    std::deque<Command> commands;
    for (;;) {
        {
            const std::scoped_lock lock(mutex_);
            if (stopping_) {
                break;
            }
            commands.swap(commands_);
        }
        for (Command& command : commands) {
            command(false);
        }
        commands.clear();
        bars.clear();
        bool ended = false;
        if (!feed_.next(bars, tick_wait)) {
            ended = true;
            std::unique_lock lock(mutex_);  // nothing to read: wait for commands only
            wake_.wait_for(lock, tick_wait, [this] { return stopping_ || !commands_.empty(); });
        }
        for (const engine::MarketBar& bar : bars) {
            desk_->on_bar(bar.symbol, bar.timeframe, bar.candle);
        }
        desk_->poll_venues();
        if (Status flushed = desk_->flush(); !flushed) {
            static_cast<void>(store_.record_event(
                engine::EventRecord{clock_.now(), BotId{0}, engine::EventLevel::Error,
                                    "progress_not_saved", flushed.error().message}));
        }
        publish();
        const std::scoped_lock lock(mutex_);
        feed_ended_ = ended;
    }
    // SIGTERM's path: what the last tick did is written before the exit.
    static_cast<void>(desk_->flush());
    {
        const std::scoped_lock lock(mutex_);
        running_ = false;
        commands.swap(commands_);
    }
    for (Command& command : commands) {
        command(true);  // each answers "the daemon is stopping"
    }
}

void BotService::publish() {
    std::vector<engine::BotView> view = desk_->view();
    const std::scoped_lock lock(mutex_);
    snapshot_ = std::move(view);
    bars_seen_ = desk_->bars_seen();
    orders_sent_ = desk_->orders_sent();
}

template <class T>
Result<T> BotService::on_engine(std::function<Result<T>()> work) {
    auto promise = std::make_shared<std::promise<Result<T>>>();
    std::future<Result<T>> answer = promise->get_future();
    {
        const std::scoped_lock lock(mutex_);
        if (!running_ || stopping_) {
            return fail(ErrorCode::Unavailable, "the daemon is stopping");
        }
        commands_.emplace_back([promise, work = std::move(work)](bool cancelled) {
            promise->set_value(
                cancelled ? Result<T>(fail(ErrorCode::Unavailable, "the daemon is stopping"))
                          : work());
        });
    }
    wake_.notify_all();
    return answer.get();
}

Status BotService::start_on_engine(const engine::BotRecord& record) {
    auto spec = parse_bot_spec(record.parameters);
    if (!spec) {
        return fail(ErrorCode::ParseError,
                    fmt::format("bot {}: its stored settings do not read: {}", record.id.value(),
                                spec.error().message));
    }
    auto parts = factory_.build(record.id, *spec);
    if (!parts) {
        return fail(parts.error());
    }
    auto progress = store_.load_progress(record.id);
    if (!progress) {
        return fail(progress.error());
    }
    if (Status watched = feed_.watch(spec->symbol, spec->timeframe, *progress); !watched) {
        return watched;
    }
    const engine::BotSetup setup{record, parts->config, spec->timeframe};
    if (Status started = desk_->start(setup, std::move(parts->strategy), std::move(parts->venue));
        !started) {
        return started;
    }
    const std::scoped_lock lock(mutex_);
    feed_ended_ = false;  // a new stream may have more to read
    return {};
}

Result<BotInfo> BotService::info(const engine::BotRecord& record) const {
    auto spec = parse_bot_spec(record.parameters);
    if (!spec) {
        return fail(spec.error());
    }
    BotInfo info{record, *spec, desk_->view(record.id)};
    if (info.live) {
        info.record.status = engine::BotStatus::Running;
    }
    return info;
}

Result<engine::BotRecord> BotService::find_record(BotId id) {
    auto bots = store_.load_bots();
    if (!bots) {
        return fail(bots.error());
    }
    for (engine::BotRecord& record : *bots) {
        if (record.id == id) {
            return std::move(record);
        }
    }
    return no_such_bot(id);
}

Result<BotInfo> BotService::create(const BotSpec& spec) {
    return on_engine<BotInfo>([this, spec]() -> Result<BotInfo> {
        auto bots = store_.load_bots();
        if (!bots) {
            return fail(bots.error());
        }
        std::uint64_t last = 0;
        for (const engine::BotRecord& bot : *bots) {
            if (bot.name == spec.name) {
                return fail(ErrorCode::Conflict,
                            fmt::format("name: a bot called '{}' exists already", spec.name));
            }
            last = std::max(last, bot.id.value());
        }
        const BotId id{last + 1};
        if (auto parts = factory_.build(id, spec); !parts) {
            return fail(parts.error());
        }
        const engine::BotRecord record{id,
                                       spec.name,
                                       spec.exchange,
                                       spec.symbol,
                                       spec.strategy,
                                       to_json(spec),
                                       spec.amount,
                                       engine::BotStatus::Stopped,
                                       clock_.now()};
        if (Status saved = store_.save_bot(record); !saved) {
            return fail(saved.error());
        }
        return info(record);
    });
}

Result<std::vector<BotInfo>> BotService::list() {
    return on_engine<std::vector<BotInfo>>([this]() -> Result<std::vector<BotInfo>> {
        auto bots = store_.load_bots();
        if (!bots) {
            return fail(bots.error());
        }
        std::vector<BotInfo> infos;
        infos.reserve(bots->size());
        for (const engine::BotRecord& record : *bots) {
            auto one = info(record);
            if (!one) {
                return fail(one.error());
            }
            infos.push_back(std::move(*one));
        }
        return infos;
    });
}

Result<BotInfo> BotService::get(BotId id) {
    return on_engine<BotInfo>([this, id]() -> Result<BotInfo> {
        auto record = find_record(id);
        return record ? info(*record) : Result<BotInfo>(fail(record.error()));
    });
}

Result<BotInfo> BotService::update(BotId id, std::string_view patch) {
    return on_engine<BotInfo>([this, id, patch = std::string(patch)]() -> Result<BotInfo> {
        auto found = find_record(id);
        if (!found) {
            return fail(found.error());
        }
        if (desk_->running(id)) {
            return fail(ErrorCode::Conflict,
                        fmt::format("bot {}: stop it before changing it", id.value()));
        }
        auto old = parse_bot_spec(found->parameters);
        if (!old) {
            return fail(old.error());
        }
        auto spec = update_bot_spec(*old, patch);
        if (!spec) {
            return fail(spec.error());
        }
        if (auto parts = factory_.build(id, *spec); !parts) {
            return fail(parts.error());
        }
        engine::BotRecord record = *found;
        record.name = spec->name;
        record.venue = spec->exchange;
        record.symbol = spec->symbol;
        record.strategy = spec->strategy;
        record.parameters = to_json(*spec);
        record.amount = spec->amount;
        if (Status saved = store_.save_bot(record); !saved) {
            return fail(saved.error());
        }
        return info(record);
    });
}

Result<BotInfo> BotService::start_bot(BotId id) {
    return on_engine<BotInfo>([this, id]() -> Result<BotInfo> {
        if (desk_->running(id)) {
            return fail(ErrorCode::Conflict, fmt::format("bot {}: already running", id.value()));
        }
        auto record = find_record(id);
        if (!record) {
            return fail(record.error());
        }
        if (Status started = start_on_engine(*record); !started) {
            return fail(started.error());
        }
        publish();
        return info(*record);
    });
}

Result<BotInfo> BotService::stop_bot(BotId id) {
    return on_engine<BotInfo>([this, id]() -> Result<BotInfo> {
        if (!desk_->running(id)) {
            return fail(ErrorCode::Conflict, fmt::format("bot {}: not running", id.value()));
        }
        desk_->stop(id);
        publish();
        auto record = find_record(id);
        return record ? info(*record) : Result<BotInfo>(fail(record.error()));
    });
}

Status BotService::remove(BotId id) {
    return on_engine<void>([this, id]() -> Status {
        desk_->stop(id);
        publish();
        return store_.remove_bot(id);
    });
}

std::string BotService::answer(std::string_view command) {
    const std::scoped_lock lock(mutex_);
    double equity = 0;
    double realized = 0;
    std::size_t open = 0;
    std::string positions;
    std::string bots;
    std::string pnl;
    for (const engine::BotView& bot : snapshot_) {
        equity += bot.equity;
        realized += bot.realized;
        bots += fmt::format("{} {} {}: {} trades, equity {:.2f}\n", bot.name, bot.symbol.view(),
                            bot.strategy, bot.trades, bot.equity);
        pnl += fmt::format("{}: {:+.2f} realized\n", bot.name, bot.realized);
        if (bot.position_open) {
            ++open;
            positions += fmt::format("{} {} {} {} @ {} now {} ({:+.2f}%)\n", bot.name,
                                     bot.symbol.view(), to_string(bot.side), bot.quantity,
                                     bot.entry_price, bot.last_price, bot.pnl_pct);
        }
    }
    std::string status = fmt::format("{} bots running, {} positions open, equity {:.2f}\n",
                                     snapshot_.size(), open, equity);
    if (command == "status") {
        return status;
    }
    if (command == "positions") {
        return positions.empty() ? std::string("no open positions\n") : positions;
    }
    if (command == "bots") {
        return bots.empty() ? std::string("no bots running\n") : bots;
    }
    if (command == "pnl") {
        return pnl + fmt::format("total: {:+.2f} realized\n", realized);
    }
    if (command == "summary") {
        return status + positions + fmt::format("realized: {:+.2f}\n", realized);
    }
    return {};
}

std::uint64_t BotService::bars_seen() const {
    const std::scoped_lock lock(mutex_);
    return bars_seen_;
}

std::uint64_t BotService::orders_sent() const {
    const std::scoped_lock lock(mutex_);
    return orders_sent_;
}

bool BotService::feed_ended() const {
    const std::scoped_lock lock(mutex_);
    return feed_ended_;
}

}  // namespace osprey::server
