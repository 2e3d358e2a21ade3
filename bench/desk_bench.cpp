// The daemon at full speed (issue 6, "Speed"): paper bots on one engine
// thread (server::BotService over engine::Desk) reading a replay of many
// symbols as fast as it goes, with the real store (SQLite with fast commits,
// as `osprey serve --fast-commits`; or PostgreSQL) and the real journal (a
// JSON-lines file per bot; or none). Prints bar events per second, orders,
// trades written per second, CPU %, resident memory, and where the engine
// thread's time went: feed, store, journal, and the rest (desk, strategies,
// paper venues).
//
// 100 bots over 200 symbols: a bot trades one symbol, so bot i trades
// symbol 2i (100 symbols traded), and the benchmark itself watches every
// symbol so that all 200 streams' bars go through the feed and the desk on
// every tick (a daemon reads only the streams its bots trade). The symbols
// S000USDT..S199USDT are the real 1m files of shared/data/candles, each
// reused by 25 symbols from different starting bars (bench::tiled), aligned
// to start together. The six built-in strategies take turns.
//
//   build/bin/osprey_desk_bench [--bars 10000] [--bots 100] [--symbols 200]
//                               [--journal files|none] [--postgres CONNINFO]
//
// --postgres runs on that database (a libpq connection string, see
// docs/store.md), in a schema of its own, dropped afterwards. Progress goes
// to stderr, figures to stdout. Wall-clock figures include waiting for a
// core on a busy machine; the CPU figures do not. Timing each store write,
// journal entry and tick reads the thread's CPU clock twice (a system call,
// about 1.5 us per timed call: some 3 % of the engine thread's CPU).

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "app/daemon/file_journal.hpp"
#include "app/daemon/paper_factory.hpp"
#include "bench_data.hpp"
#include "engine/ports/system_clock.hpp"
#include "postgres_admin.hpp"
#include "server/bot_service.hpp"
#include "sim/replay_feed.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "strategy/catalog.hpp"

namespace osprey::bench {
namespace {

using WallClock = std::chrono::steady_clock;

struct Options {
    std::size_t bars = 10'000;  // per symbol: 2M bar events, ~20 s of CPU
    std::size_t bots = 100;
    std::size_t symbols = 200;
    bool journal_files = true;
    std::string postgres;  // a libpq connection string; SQLite when empty
};

// Time spent in one kind of call, on the engine thread: wall-clock time,
// and the thread's CPU time (the difference: waiting for the disk, or for a
// core on a busy machine).
struct Spent {
    std::int64_t wall_nanos = 0;
    std::int64_t cpu_nanos = 0;
    std::uint64_t calls = 0;

    double wall() const { return static_cast<double>(wall_nanos) / 1e9; }

    double cpu() const { return static_cast<double>(cpu_nanos) / 1e9; }
};

std::int64_t thread_cpu_nanos() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

class Stopwatch {
public:
    explicit Stopwatch(Spent& spent)
        : spent_(spent), wall_(WallClock::now()), cpu_(thread_cpu_nanos()) {}

    Stopwatch(const Stopwatch&) = delete;
    Stopwatch& operator=(const Stopwatch&) = delete;
    Stopwatch(Stopwatch&&) = delete;
    Stopwatch& operator=(Stopwatch&&) = delete;

    ~Stopwatch() {
        spent_.wall_nanos += std::chrono::nanoseconds(WallClock::now() - wall_).count();
        spent_.cpu_nanos += thread_cpu_nanos() - cpu_;
        ++spent_.calls;
    }

private:
    Spent& spent_;
    WallClock::time_point wall_;
    std::int64_t cpu_;
};

double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](timeval t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The calling thread's context switches: it waited (for the disk, for
// PostgreSQL's answer) or another process took its core.
struct Switches {
    long waits = 0;
    long preempted = 0;
};

Switches thread_switches() {
    rusage usage{};
    ::getrusage(RUSAGE_THREAD, &usage);
    return {usage.ru_nvcsw, usage.ru_nivcsw};
}

// A /proc/self/status figure in MB: "VmRSS" (now) or "VmHWM" (peak).
double status_mb(std::string_view key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(key) && line.size() > key.size() + 1) {
            return std::stod(line.substr(key.size() + 1)) / 1024.0;
        }
    }
    return 0;
}

// What the desk writes, by kind.
enum WriteKind : std::size_t { Orders, Positions, Progress, Signals, Equity, Other, KindCount };

constexpr std::array<std::string_view, KindCount> kind_names = {
    "orders (intent, answer)", "positions, fills, trades", "ticks (signals + progress)",
    "signals (alone)",         "equity snapshots",         "bots, candles, events"};

// The store, timing every call; reads happen only while bots start.
class TimedStore final : public engine::Store {
public:
    explicit TimedStore(engine::Store& store) : store_(store) {}

    Result<int> schema_version() override { return store_.schema_version(); }

    Status save_bot(const engine::BotRecord& bot) override {
        const Stopwatch watch(writes_[Other]);
        return store_.save_bot(bot);
    }

    Result<std::vector<engine::BotRecord>> load_bots() override {
        const Stopwatch watch(reads_);
        return store_.load_bots();
    }

    Status remove_bot(BotId bot) override { return store_.remove_bot(bot); }

    Status record_order_intent(const engine::OrderRecord& order) override {
        const Stopwatch watch(writes_[Orders]);
        return store_.record_order_intent(order);
    }

    Status update_order(const engine::OrderUpdate& update) override {
        const Stopwatch watch(writes_[Orders]);
        return store_.update_order(update);
    }

    Result<std::optional<engine::OrderRecord>> find_order(ClientOrderId id) override {
        const Stopwatch watch(reads_);
        return store_.find_order(id);
    }

    Result<bool> record_fill(const engine::FillRecord& fill) override {
        const Stopwatch watch(writes_[Positions]);
        return store_.record_fill(fill);
    }

    Result<std::vector<engine::FillRecord>> load_fills(ClientOrderId order) override {
        const Stopwatch watch(reads_);
        return store_.load_fills(order);
    }

    Status open_position(const engine::PositionOpening& opening) override {
        const Stopwatch watch(writes_[Positions]);
        return store_.open_position(opening);
    }

    Result<bool> close_trade(const engine::TradeClosing& closing) override {
        const Stopwatch watch(writes_[Positions]);
        ++trades_;
        return store_.close_trade(closing);
    }

    Result<std::vector<engine::TradeRecord>> load_trades(BotId bot) override {
        return store_.load_trades(bot);
    }

    Result<engine::OpenState> load_open_state(BotId bot) override {
        const Stopwatch watch(reads_);
        return store_.load_open_state(bot);
    }

    Status save_progress(std::span<const engine::BotProgress> progress) override {
        const Stopwatch watch(writes_[Progress]);
        return store_.save_progress(progress);
    }

    // A tick's signals and progress, one transaction: counted as progress.
    Status save_tick(std::span<const engine::BotProgress> progress,
                     std::span<const engine::SignalRecord> signals) override {
        const Stopwatch watch(writes_[Progress]);
        return store_.save_tick(progress, signals);
    }

    Result<std::optional<Timestamp>> load_progress(BotId bot) override {
        const Stopwatch watch(reads_);
        return store_.load_progress(bot);
    }

    Status save_candles(const engine::CandleSeries& series,
                        std::span<const Candle> candles) override {
        const Stopwatch watch(writes_[Other]);
        return store_.save_candles(series, candles);
    }

    Result<std::vector<Candle>> load_candles(const engine::CandleSeries& series, Timestamp from,
                                             Timestamp to) override {
        const Stopwatch watch(reads_);
        return store_.load_candles(series, from, to);
    }

    Status record_signal(const engine::SignalRecord& signal) override {
        const Stopwatch watch(writes_[Signals]);
        return store_.record_signal(signal);
    }

    Result<std::vector<engine::SignalRecord>> load_signals(BotId bot, Timestamp from,
                                                           Timestamp to) override {
        return store_.load_signals(bot, from, to);
    }

    Status record_equity(const engine::EquitySnapshot& snapshot) override {
        const Stopwatch watch(writes_[Equity]);
        return store_.record_equity(snapshot);
    }

    Result<std::vector<engine::EquitySnapshot>> load_equity(BotId bot, Timestamp from,
                                                            Timestamp to) override {
        return store_.load_equity(bot, from, to);
    }

    Status record_event(const engine::EventRecord& event) override {
        const Stopwatch watch(writes_[Other]);
        return store_.record_event(event);
    }

    Result<std::vector<engine::EventRecord>> load_events(std::size_t limit) override {
        return store_.load_events(limit);
    }

    // Read once the engine thread has stopped.
    const std::array<Spent, KindCount>& writes_by_kind() const { return writes_; }

    Spent writes() const {
        Spent all;
        for (const Spent& kind : writes_) {
            all.wall_nanos += kind.wall_nanos;
            all.cpu_nanos += kind.cpu_nanos;
            all.calls += kind.calls;
        }
        return all;
    }

    const Spent& reads() const { return reads_; }

    std::uint64_t trades() const { return trades_; }

    // Forgets the bots' setup; called while the engine thread waits.
    void restart_timing() {
        writes_ = {};
        reads_ = {};
        trades_ = 0;
    }

private:
    engine::Store& store_;
    std::array<Spent, KindCount> writes_{};
    Spent reads_;
    std::uint64_t trades_ = 0;
};

class NullJournal final : public engine::Journal {
public:
    void write(const engine::JournalEntry& /*entry*/) override {}
};

class TimedJournal final : public engine::Journal {
public:
    explicit TimedJournal(engine::Journal& journal) : journal_(journal) {}

    void write(const engine::JournalEntry& entry) override {
        const Stopwatch watch(spent_);
        journal_.write(entry);
    }

    const Spent& spent() const { return spent_; }

    void restart_timing() { spent_ = {}; }

private:
    engine::Journal& journal_;
    Spent spent_;
};

class SilentNotifier final : public engine::Notifier {
public:
    void notify(const engine::Notice& /*notice*/) override {}
};

// The replay, held shut until every bot has started (so all of them read
// from the first bar), then timed; it notes when the run began and ended.
class GatedFeed final : public engine::MarketFeed {
public:
    explicit GatedFeed(sim::ReplayFeed& replay) : replay_(replay) {}

    Status watch(const Symbol& symbol, Timeframe timeframe,
                 std::optional<Timestamp> caught_up) override {
        return replay_.watch(symbol, timeframe, caught_up);
    }

    bool next(std::vector<engine::MarketBar>& out, Duration timeout) override {
        if (!open_.load(std::memory_order_acquire)) {
            return false;  // the service waits for commands: the bots being set up
        }
        if (!began_) {
            began_ = WallClock::now();
            cpu_began_ = cpu_seconds();
            thread_cpu_began_ = thread_cpu_nanos();
            switches_ = thread_switches();
        }
        bool more = false;
        {
            const Stopwatch watch(spent_);
            more = replay_.next(out, timeout);
        }
        if (!more) {
            thread_cpu_ = thread_cpu_nanos() - thread_cpu_began_;
            const Switches now = thread_switches();
            switches_ = {now.waits - switches_.waits, now.preempted - switches_.preempted};
            ended_.store(true, std::memory_order_release);
        }
        return more;
    }

    void open() { open_.store(true, std::memory_order_release); }

    bool ended() const { return ended_.load(std::memory_order_acquire); }

    // Read once the engine thread has stopped.
    const Spent& spent() const { return spent_; }

    WallClock::time_point began() const { return began_.value_or(WallClock::now()); }

    double cpu_began() const { return cpu_began_; }

    // The engine thread's CPU time from the first bar to the end of the feed.
    double thread_cpu() const { return static_cast<double>(thread_cpu_) / 1e9; }

    Switches switches() const { return switches_; }

private:
    sim::ReplayFeed& replay_;
    std::atomic<bool> open_{false};
    std::atomic<bool> ended_{false};
    std::optional<WallClock::time_point> began_;
    double cpu_began_ = 0;
    std::int64_t thread_cpu_began_ = 0;
    std::int64_t thread_cpu_ = 0;
    Switches switches_;
    Spent spent_;
};

std::string symbol_name(std::size_t index) {
    return fmt::format("S{:03}USDT", index);
}

// Symbol k: real file k % 8 from bar (k / 8) * 97 on, so no two are alike.
std::vector<sim::ReplayStream> make_streams(const Options& options) {
    const std::vector<std::string> files = minute_files();
    std::vector<std::vector<Candle>> real;
    real.reserve(files.size());
    for (std::size_t i = 0; i < files.size() && i < options.symbols; ++i) {
        real.push_back(load_or_die(files[i]));
    }
    std::vector<sim::ReplayStream> streams;
    streams.reserve(options.symbols);
    for (std::size_t k = 0; k < options.symbols; ++k) {
        streams.push_back({*Symbol::parse(symbol_name(k)), Timeframe(std::chrono::minutes(1)),
                           tiled(real[k % real.size()], options.bars, (k / real.size()) * 97)});
    }
    sim::align_starts(streams);
    return streams;
}

// Creates and starts the bots through the service, as the API does.
bool start_bots(server::BotService& service, const Options& options) {
    const auto strategies = strategy::builtin_strategies();
    for (std::size_t i = 0; i < options.bots; ++i) {
        server::BotSpec spec;
        spec.name = fmt::format("bot-{:03}", i);
        spec.symbol = *Symbol::parse(symbol_name(i * options.symbols / options.bots));
        spec.strategy = std::string(strategies[i % strategies.size()].name);
        spec.amount = *Decimal::parse("1000");
        auto created = service.create(spec);
        auto started = created ? service.start_bot(created->record.id) : created;
        if (!started) {
            std::fprintf(stderr, "%s: %s\n", spec.name.c_str(), started.error().message.c_str());
            return false;
        }
    }
    return true;
}

// Polls the feed (the engine thread runs alone) and shows progress.
void wait_for_the_end(const GatedFeed& feed, const server::BotService& service,
                      std::uint64_t events) {
    auto shown = WallClock::now();
    while (!feed.ended()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (WallClock::now() - shown >= std::chrono::seconds(2)) {
            shown = WallClock::now();
            const std::uint64_t seen = service.bars_seen();
            std::fprintf(stderr, "  %llu of %llu bar events (%.0f%%), %llu orders\n",
                         static_cast<unsigned long long>(seen),
                         static_cast<unsigned long long>(events),
                         100.0 * static_cast<double>(seen) / static_cast<double>(events),
                         static_cast<unsigned long long>(service.orders_sent()));
        }
    }
}

struct Backend {
    std::unique_ptr<engine::Store> store;
    std::string name;
};

std::string postgres_schema() {
    return fmt::format("desk_bench_{}", ::getpid());
}

Result<Backend> open_backend(const Options& options, const std::filesystem::path& dir) {
    if (options.postgres.empty()) {
        auto store = sqlite::open_store(dir / "data", engine::Durability::ProcessCrash);
        if (!store) {
            return fail(store.error());
        }
        return Backend{std::move(*store), "SQLite, fast commits (ProcessCrash)"};
    }
    const std::string schema = postgres_schema();
    if (!administer(options.postgres, "CREATE SCHEMA " + schema)) {
        return fail(ErrorCode::Unavailable, "cannot create a schema in the --postgres database");
    }
    auto store = postgres::open_store(options.postgres + " options='-c search_path=" + schema + "'",
                                      engine::Durability::ProcessCrash);
    if (!store) {
        return fail(store.error());
    }
    return Backend{std::move(*store), "PostgreSQL, fast commits (ProcessCrash)"};
}

struct Figures {
    double wall = 0;
    double cpu = 0;         // the process's
    double engine_cpu = 0;  // the engine thread's
    std::uint64_t events = 0;
    std::uint64_t orders = 0;
    std::uint64_t ticks = 0;
    std::uint64_t problems = 0;  // events above Info: a store write failed...
    Switches switches;           // the engine thread's
};

void print_time(std::string_view what, double wall, double cpu) {
    fmt::print("  {:<34} {:7.2f} {:7.2f}\n", what, wall, cpu);
}

void print_figures(const Options& options, const Figures& run, const TimedStore& store,
                   const TimedJournal& journal, const Spent& feed) {
    const double wall = run.wall;
    const auto rate = [wall](auto count) { return static_cast<double>(count) / wall; };
    const auto per_call = [](double seconds, std::uint64_t calls) {
        return calls == 0 ? 0.0 : 1e6 * seconds / static_cast<double>(calls);
    };
    const Spent writes = store.writes();
    fmt::print("bar events        {} in {:.2f} s: {:.0f}/s ({} ticks of {} symbols: {:.0f}/s)\n",
               run.events, wall, rate(run.events), run.ticks, options.symbols, rate(run.ticks));
    fmt::print("bars to bots      {}: {:.0f}/s ({} bots x {} bars)\n", options.bots * options.bars,
               rate(options.bots * options.bars), options.bots, options.bars);
    fmt::print("orders            {} ({} warnings and errors)\n", run.orders, run.problems);
    fmt::print("trades            {} written: {:.1f}/s\n", store.trades(), rate(store.trades()));
    fmt::print("store writes      {}: {:.0f}/s, {:.1f} us each ({:.1f} us of CPU)\n", writes.calls,
               rate(writes.calls), per_call(writes.wall(), writes.calls),
               per_call(writes.cpu(), writes.calls));
    fmt::print("journal entries   {}\n", journal.spent().calls);
    fmt::print("CPU               {:.0f} % of one core (the process's user + system over wall)\n",
               100.0 * run.cpu / wall);
    fmt::print(
        "engine thread     {:.2f} s of CPU: {:.2f} us per bar event; it waited {} times, "
        "was preempted {} times\n",
        run.engine_cpu, per_call(run.engine_cpu, run.events), run.switches.waits,
        run.switches.preempted);
    fmt::print("resident memory   {:.0f} MB peak, {:.0f} MB at the end\n", status_mb("VmHWM:"),
               status_mb("VmRSS:"));
    fmt::print("engine thread's time, s            wall     CPU\n");
    print_time("feed (replay)", feed.wall(), feed.cpu());
    print_time("store writes", writes.wall(), writes.cpu());
    for (std::size_t kind = 0; kind < KindCount; ++kind) {
        const Spent& spent = store.writes_by_kind()[kind];
        print_time(fmt::format("  {} {}", spent.calls, kind_names[kind]), spent.wall(),
                   spent.cpu());
    }
    print_time("journal", journal.spent().wall(), journal.spent().cpu());
    print_time("desk + strategies + paper venues",
               wall - feed.wall() - writes.wall() - journal.spent().wall(),
               run.engine_cpu - feed.cpu() - writes.cpu() - journal.spent().cpu());
}

// The load average before the run: what else the machine was doing.
double load_average() {
    std::array<double, 1> load{};
    return ::getloadavg(load.data(), 1) == 1 ? load[0] : 0.0;
}

int replay_and_report(const Options& options, const std::filesystem::path& dir) {
    const double load = load_average();
    std::fprintf(stderr, "loading %zu symbols x %zu bars...\n", options.symbols, options.bars);
    std::vector<sim::ReplayStream> streams = make_streams(options);
    const double loaded_mb = status_mb("VmRSS:");
    engine::SystemClock clock;
    sim::ReplayFeed replay(std::move(streams), 0, clock);
    for (std::size_t k = 0; k < options.symbols; ++k) {
        static_cast<void>(
            replay.watch(*Symbol::parse(symbol_name(k)), Timeframe(std::chrono::minutes(1)), {}));
    }
    GatedFeed feed(replay);
    auto backend = open_backend(options, dir);
    if (!backend) {
        std::fprintf(stderr, "store: %s\n", backend.error().message.c_str());
        return 1;
    }
    TimedStore store(*backend->store);
    app::FileJournal files(dir / "logs", nullptr);
    NullJournal none;
    TimedJournal journal(options.journal_files ? static_cast<engine::Journal&>(files) : none);
    SilentNotifier notifier;
    app::PaperFactory factory;
    Figures figures;
    {
        server::BotService service(store, notifier, journal, feed, factory, clock);
        if (Status started = service.start(); !started || !start_bots(service, options)) {
            return 1;
        }
        std::fprintf(stderr, "%zu bots started; replaying...\n", options.bots);
        store.restart_timing();  // the feed's opening publishes these to the engine thread
        journal.restart_timing();
        feed.open();
        wait_for_the_end(feed, service, options.symbols * options.bars);
        service.stop();
        figures.wall = std::chrono::duration<double>(WallClock::now() - feed.began()).count();
        figures.cpu = cpu_seconds() - feed.cpu_began();
        figures.engine_cpu = feed.thread_cpu();
        figures.switches = feed.switches();
        figures.events = service.bars_seen();
        figures.orders = service.orders_sent();
        figures.ticks = feed.spent().calls - 1;  // the last call found nothing
    }
    if (auto events = store.load_events(10'000)) {
        for (const engine::EventRecord& event : *events) {
            if (event.level != engine::EventLevel::Info) {
                ++figures.problems;
                std::fprintf(stderr, "bot %llu %s: %s\n",
                             static_cast<unsigned long long>(event.bot.value()), event.kind.c_str(),
                             event.message.c_str());
            }
        }
    }
    fmt::print(
        "desk bench: {} paper bots trading {} of {} symbols, {} 1m bars each "
        "(load average {:.1f} on {} cores before it)\n",
        options.bots, options.bots, options.symbols, options.bars, load,
        std::thread::hardware_concurrency());
    fmt::print("store: {}; journal: {}; replay's candles {:.0f} MB (RSS {:.0f} MB once loaded)\n",
               backend->name, options.journal_files ? "a JSON-lines file per bot" : "none",
               static_cast<double>(options.symbols * options.bars * sizeof(Candle)) / 1e6,
               loaded_mb);
    print_figures(options, figures, store, journal, feed.spent());
    return 0;
}

int run(const Options& options) {
    std::string root =
        (std::filesystem::temp_directory_path() / "osprey-desk-bench-XXXXXX").string();
    if (::mkdtemp(root.data()) == nullptr) {
        std::fprintf(stderr, "cannot create a temporary directory\n");
        return 1;
    }
    const int status = replay_and_report(options, root);
    if (!options.postgres.empty()) {
        administer(options.postgres, "DROP SCHEMA IF EXISTS " + postgres_schema() + " CASCADE");
    }
    std::filesystem::remove_all(root);
    return status;
}

std::optional<std::size_t> count(std::string_view text) {
    std::size_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    bool valid = argc % 2 == 1;
    for (int i = 1; valid && i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        const std::string_view value = argv[i + 1];
        std::optional<std::size_t> number = count(value);
        if (flag == "--bars" && number) {
            options.bars = *number;
        } else if (flag == "--bots" && number) {
            options.bots = *number;
        } else if (flag == "--symbols" && number) {
            options.symbols = *number;
        } else if (flag == "--journal" && (value == "files" || value == "none")) {
            options.journal_files = value == "files";
        } else if (flag == "--postgres") {
            options.postgres = value;
        } else {
            valid = false;
        }
    }
    if (!valid || options.symbols == 0 || options.bars == 0 || options.bots > options.symbols) {
        return std::nullopt;
    }
    return options;
}

}  // namespace
}  // namespace osprey::bench

int main(int argc, char** argv) {
    const auto options = osprey::bench::parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr,
                     "usage: osprey_desk_bench [--bars N] [--bots N (<= symbols)] [--symbols N] "
                     "[--journal files|none] [--postgres CONNINFO]\n");
        return 2;
    }
    try {
        return osprey::bench::run(*options);
    } catch (const std::exception& e) {  // a full disk, a bad --bars...
        std::fprintf(stderr, "osprey_desk_bench: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "osprey_desk_bench: an unknown exception\n");
    }
    return 1;
}
