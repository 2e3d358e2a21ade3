// `osprey serve`: the daemon. One process runs every bot on one engine
// thread (server::BotService), serves the control API on loopback, and
// stops cleanly on SIGTERM or SIGINT (the last tick's writes finish first).
// With no bots in its store it starts a demo: paper bots on a replay of the
// bundled candles, fast enough to trade within a minute. `--market binance`
// reads Binance's kline streams instead and runs live bots too (keys and
// URLs from the environment: app/daemon/live_venues.hpp, live_feed.hpp).

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/config.hpp"
#include "app/daemon/daemon_file.hpp"
#include "app/daemon/file_journal.hpp"
#include "app/daemon/live_feed.hpp"
#include "app/daemon/live_venues.hpp"
#include "app/daemon/paper_factory.hpp"
#include "app/daemon/replay_files.hpp"
#include "engine/ports/system_clock.hpp"
#include "net/http_server.hpp"
#include "notify/notifications.hpp"
#include "server/control_api.hpp"
#include "sim/replay_feed.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace osprey::app {

namespace {

struct ServeOptions {
    std::string data_dir = "osprey-data";
    std::string postgres;  // conninfo: the store on PostgreSQL instead
    std::string config;    // the YAML file: its notify: section
    std::string host = "127.0.0.1";
    int port = default_daemon_port;
    std::string market = "replay";  // or "binance"
    std::vector<std::string> replay{"data/sample"};
    double speed = 3600;
    bool demo = true;
    bool quiet = false;
    double duration_s = 0;
    bool process_crash_durability = false;
};

// The demo's bots: two sharing the BTCUSDT stream, one on each other file.
std::vector<server::BotSpec> demo_specs() {
    const auto spec = [](std::string name, std::string_view symbol, std::string strategy) {
        server::BotSpec s;
        s.name = std::move(name);
        s.symbol = *Symbol::parse(symbol);
        s.strategy = std::move(strategy);
        s.amount = *Decimal::parse("1000");
        s.stop_loss_pct = 1.5;
        s.take_profit_pct = 3;
        return s;
    };
    return {spec("btc-ema", "BTCUSDT", "ema_cross"), spec("btc-volatile", "BTCUSDT", "volatile"),
            spec("link-ema", "LINKUSDT", "ema_cross"), spec("ltc-simple", "LTCUSDT", "simple")};
}

// Stores the demo bots, marked running, when the store has no bots at all.
Status add_demo_bots(engine::Store& store, const sim::ReplayFeed& feed, Timestamp now) {
    auto bots = store.load_bots();
    if (!bots || !bots->empty()) {
        return bots ? Status{} : Status(fail(bots.error()));
    }
    std::uint64_t id = 0;
    for (const server::BotSpec& spec : demo_specs()) {
        if (!feed.has(spec.symbol)) {
            continue;
        }
        const engine::BotRecord record{BotId{++id},
                                       spec.name,
                                       spec.exchange,
                                       spec.symbol,
                                       spec.strategy,
                                       server::to_json(spec),
                                       spec.amount,
                                       engine::BotStatus::Running,
                                       now};
        if (Status saved = store.save_bot(record); !saved) {
            return saved;
        }
    }
    return {};
}

// The replay of candle files, with the demo bots when asked for.
Result<std::unique_ptr<engine::MarketFeed>> open_replay(const ServeOptions& options,
                                                        engine::Store& store,
                                                        const engine::Clock& clock) {
    auto streams = read_replay_files(options.replay);
    if (!streams) {
        return fail(streams.error());
    }
    sim::align_starts(*streams);
    auto feed = std::make_unique<sim::ReplayFeed>(std::move(*streams), options.speed, clock);
    if (options.demo) {
        if (Status added = add_demo_bots(store, *feed, clock.now()); !added) {
            return fail(added.error());
        }
    }
    return std::unique_ptr<engine::MarketFeed>(std::move(feed));
}

Result<std::unique_ptr<engine::Store>> open_store(const ServeOptions& options) {
    const engine::Durability durability = options.process_crash_durability
                                              ? engine::Durability::ProcessCrash
                                              : engine::Durability::PowerLoss;
    if (!options.postgres.empty()) {
        return postgres::open_store(options.postgres, durability);
    }
    return sqlite::open_store(options.data_dir, durability);
}

// The service needs a Notifier when it is made, and the notifications need
// the service to answer chat commands: this forwards to them once both
// exist (set before the engine thread starts, so no thread races it).
class RelayNotifier final : public engine::Notifier {
public:
    void notify(const engine::Notice& notice) override {
        if (target_ != nullptr) {
            target_->notify(notice);
        }
    }

    void set(engine::Notifier* target) { target_ = target; }

private:
    engine::Notifier* target_ = nullptr;
};

// Waits for SIGTERM or SIGINT (blocked in every thread), or the duration.
void wait_for_stop(const sigset_t& signals, double duration_s) {
    if (duration_s <= 0) {
        int signal = 0;
        sigwait(&signals, &signal);
        return;
    }
    const auto whole = static_cast<std::time_t>(duration_s);
    timespec timeout{whole, static_cast<long>((duration_s - static_cast<double>(whole)) * 1e9)};
    sigtimedwait(&signals, nullptr, &timeout);
}

int serve(const ServeOptions& options) {
    // Before any thread starts, so that every thread inherits the mask and
    // only wait_for_stop sees the signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // First what may be wrong in the input, so that a mistake changes nothing.
    notify::Config notify_config;
    if (!options.config.empty()) {
        auto config = load_config(options.config);
        if (!config) {
            return report_error(config.error(), exit_usage);
        }
        notify_config = config->notify;
    }
    auto store = open_store(options);
    if (!store) {
        return report_error(store.error(), exit_failure);
    }
    const engine::SystemClock clock;
    const bool live = options.market == "binance";
    auto feed = live ? Result<std::unique_ptr<engine::MarketFeed>>(
                    std::make_unique<LiveMarketFeed>(binance_feed_settings(), clock))
                     : open_replay(options, **store, clock);
    if (!feed) {
        return report_error(feed.error(), exit_failure);
    }
    FileJournal journal(std::filesystem::path(options.data_dir) / "logs",
                        options.quiet ? nullptr : stdout);
    const LiveVenues venues(clock);
    PaperFactory factory(live ? &venues : nullptr);  // never live bots on a replay
    RelayNotifier relay;
    server::BotService service(**store, relay, journal, **feed, factory, clock);
    auto notifications = notify::start(notify_config, &service);
    if (!notifications) {
        return report_error(notifications.error(), exit_failure);
    }
    relay.set(notifications->get());
    if (Status started = service.start(); !started) {
        return report_error(started.error(), exit_failure);
    }
    net::ServerOptions server_options;
    server_options.host = options.host;
    server_options.port = static_cast<std::uint16_t>(options.port);
    auto api = net::HttpServer::start(server_options,
                                      server::control_api(service, api_token_from_environment()));
    if (!api) {
        service.stop();
        return report_error(api.error(), exit_failure);
    }
    const std::string url = fmt::format("http://{}:{}", options.host, (*api)->port());
    if (Status written = write_daemon_file(options.data_dir, url, getpid()); !written) {
        service.stop();
        return report_error(written.error(), exit_failure);
    }
    if (!options.quiet) {
        fmt::print("osprey serve: API on {}, logs in {}/logs, store {}. Ctrl-C stops.\n", url,
                   options.data_dir,
                   options.postgres.empty() ? options.data_dir + "/osprey.db" : "PostgreSQL");
        std::fflush(stdout);
    }
    wait_for_stop(signals, options.duration_s);
    (*api)->stop();
    service.stop();
    remove_daemon_file(options.data_dir);
    if (!options.quiet) {
        fmt::print("osprey serve: stopped; {} bars read, {} orders sent\n", service.bars_seen(),
                   service.orders_sent());
    }
    return 0;
}

}  // namespace

Action add_serve_command(CLI::App& cli) {
    auto options = std::make_shared<ServeOptions>();
    CLI::App* command = cli.add_subcommand(
        "serve", "Run the daemon: many bots on one engine, the control API, crash-safe state");
    command
        ->add_option("--data-dir", options->data_dir,
                     "Where the SQLite store, the logs and daemon.json live")
        ->capture_default_str();
    command->add_option("--config", options->config,
                        "Config file (YAML): notifications (docs/notifications.md)");
    command->add_option("--postgres", options->postgres,
                        "Store on PostgreSQL instead (libpq conninfo); a password belongs in "
                        "PGPASSWORD or ~/.pgpass");
    command->add_option("--host", options->host, "API address (loopback by default)")
        ->capture_default_str();
    command->add_option("--port", options->port, "API port (0: any free one)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    command
        ->add_option("--market", options->market,
                     "Bars from a replay of candle files, or Binance's streams (live bots run "
                     "only there)")
        ->capture_default_str()
        ->check(CLI::IsMember({"replay", "binance"}));
    command
        ->add_option("--replay", options->replay,
                     "Candle files or folders the market replays (SYMBOL-1m.csv[.gz])")
        ->capture_default_str();
    command
        ->add_option("--speed", options->speed,
                     "Replay speed: market seconds per second (0: as fast as it goes)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    command->add_flag("!--no-demo", options->demo, "Start no demo bots in an empty store");
    command->add_flag("--quiet", options->quiet, "Print nothing; the logs have it all");
    command
        ->add_option("--duration", options->duration_s, "Stop after this many seconds (0: never)")
        ->check(CLI::NonNegativeNumber);
    command->add_flag("--fast-commits", options->process_crash_durability,
                      "Commits survive a killed process, not a power cut (faster)");
    return [options] { return serve(*options); };
}

}  // namespace osprey::app
