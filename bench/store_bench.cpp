// The store's write throughput, in trades per second: one trade is the
// whole life of a round trip as the daemon writes it, four commits (entry
// intent, entry fill + position, exit intent, exit fill + trade + position),
// each durable when it returns.
//
// SQLite: a fresh file in a temporary directory (WAL mode). Each runs with
// engine::Durability::PowerLoss (the default) and ProcessCrash.
// PostgreSQL: the database named by $OSPREY_POSTGRES (a libpq connection
// string), in a schema of its own, dropped afterwards; skipped without it.
// docs/store.md shows how to start a durable throwaway cluster for this.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "postgres_admin.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/tests/records.hpp"

namespace osprey::bench {
namespace {

using engine::OrderIntent;
using store_tests::closing;
using store_tests::opening;
using store_tests::order;

// One round trip of `bot`, orders `entry` and `entry + 1`; false on failure.
bool trade_once(engine::Store& store, BotId bot, std::uint64_t entry) {
    return store.record_order_intent(order(bot, entry, OrderIntent::Open))
           && store.open_position(opening(bot, entry))
           && store.record_order_intent(order(bot, entry + 1, OrderIntent::Close))
           && store.close_trade(closing(bot, entry, entry + 1)).value_or(false);
}

// Argument 0: durable against power loss (the default); 1: against a
// process crash only (engine::Durability).
engine::Durability durability(const benchmark::State& state) {
    return state.range(0) == 0 ? engine::Durability::PowerLoss : engine::Durability::ProcessCrash;
}

void run_trades(benchmark::State& state, engine::Store& store) {
    std::uint64_t entry = 1;
    for (auto _ : state) {
        if (!trade_once(store, BotId(1), entry)) {
            state.SkipWithError("a store write failed");
            break;
        }
        entry += 2;
    }
    state.counters["trades_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void SqliteTrades(benchmark::State& state) {
    std::string root = (std::filesystem::temp_directory_path() / "osprey-bench-XXXXXX").string();
    if (mkdtemp(root.data()) == nullptr) {
        state.SkipWithError("cannot create a temporary directory");
        return;
    }
    {
        auto store =
            sqlite::open_store(std::filesystem::path(root) / "osprey-data", durability(state));
        if (!store) {
            state.SkipWithError(store.error().message.c_str());
        } else {
            run_trades(state, **store);
        }
    }
    std::filesystem::remove_all(root);
}

void PostgresTrades(benchmark::State& state) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* cluster = std::getenv("OSPREY_POSTGRES");
    if (cluster == nullptr) {
        state.SkipWithError("set OSPREY_POSTGRES to a libpq connection string (docs/store.md)");
        return;
    }
    const std::string schema = "bench_" + std::to_string(getpid());
    if (!administer(cluster, "CREATE SCHEMA " + schema)) {
        state.SkipWithError("cannot create a schema in $OSPREY_POSTGRES");
        return;
    }
    {
        auto store = postgres::open_store(
            std::string(cluster) + " options='-c search_path=" + schema + "'", durability(state));
        if (!store) {
            state.SkipWithError(store.error().message.c_str());
        } else {
            run_trades(state, **store);
        }
    }
    administer(cluster, "DROP SCHEMA " + schema + " CASCADE");
}

// Wall-clock time: a commit waits for the disk, not the CPU.
BENCHMARK(SqliteTrades)
    ->ArgName("process_crash_only")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->UseRealTime();
BENCHMARK(PostgresTrades)
    ->ArgName("process_crash_only")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->UseRealTime();

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
