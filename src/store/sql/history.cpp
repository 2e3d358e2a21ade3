// The schema's migrations, and the append-mostly history: candles, signals,
// equity snapshots and events.

#include <algorithm>
#include <string>
#include <utility>

#include "store/sql/columns.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"

namespace osprey::sql {

using engine::EquitySnapshot;
using engine::EventRecord;
using engine::NamedFeature;
using engine::SignalRecord;

namespace {

// The migration's SQL with the dialect's word for a generated key.
std::string with_dialect(std::string_view sql, std::string_view generated_key) {
    constexpr std::string_view placeholder = "@ID@";
    std::string text(sql);
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at)) {
        text.replace(at, placeholder.size(), generated_key);
    }
    return text;
}

// Steps one row and reads its first column as an integer.
Result<std::int64_t> single_integer(Result<Rows> rows) {
    if (!rows) {
        return fail(rows.error());
    }
    auto row = rows->next();
    if (!row) {
        return fail(row.error());
    }
    if (!*row) {
        return fail(ErrorCode::Internal, "a query for one value returned no row");
    }
    const std::int64_t value = rows->integer(0);
    if (auto done = rows->finish(); !done) {
        return fail(done.error());
    }
    return value;
}

}  // namespace

Status SqlStore::migrate() {
    auto transaction = Transaction::begin(*database_);
    if (!transaction) {
        return fail(transaction.error());
    }
    if (auto locked = database_->lock_migrations(); !locked) {
        return locked;
    }
    if (auto created = database_->run(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        !created) {
        return created;
    }
    auto current = schema_version();
    if (!current) {
        return fail(current.error());
    }
    const int known = migrations().back().version;
    if (*current > known) {
        return fail(ErrorCode::Conflict,
                    "the database's schema is version " + std::to_string(*current)
                        + ", newer than this osprey knows (" + std::to_string(known)
                        + "): upgrade osprey, or open another data directory");
    }
    for (const Migration& migration : migrations()) {
        if (migration.version <= *current) {
            continue;
        }
        if (auto applied =
                database_->execute(with_dialect(migration.sql, database_->generated_key()));
            !applied) {
            return fail(applied.error().code, "migration " + std::string(migration.name) + ": "
                                                  + applied.error().message);
        }
        if (auto noted =
                database_->run("INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                               std::int64_t{migration.version}, migration.name);
            !noted) {
            return noted;
        }
    }
    return transaction->commit();
}

Result<int> SqlStore::schema_version() {
    auto version =
        single_integer(database_->query("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (!version) {
        return fail(version.error());
    }
    return static_cast<int>(*version);
}

Status SqlStore::save_progress(std::span<const engine::BotProgress> progress) {
    return save_tick(progress, {});
}

Status SqlStore::save_tick(std::span<const engine::BotProgress> progress,
                           std::span<const SignalRecord> signals) {
    auto transaction = Transaction::begin(*database_);
    if (!transaction) {
        return fail(transaction.error());
    }
    for (const SignalRecord& signal : signals) {
        if (Status saved = insert_signal(signal); !saved) {
            return saved;
        }
    }
    for (const engine::BotProgress& bot : progress) {
        if (auto saved = database_->run(
                "INSERT INTO bot_progress (bot_id, last_bar_ns) VALUES ($1, $2) ON CONFLICT "
                "(bot_id) DO UPDATE SET last_bar_ns = excluded.last_bar_ns",
                bot.bot, bot.last_bar);
            !saved) {
            return saved;
        }
    }
    return transaction->commit();
}

Result<std::optional<Timestamp>> SqlStore::load_progress(BotId bot) {
    auto rows = read_all<Timestamp>(
        database_->query("SELECT last_bar_ns FROM bot_progress WHERE bot_id = $1", bot),
        "bot progress", [](Columns& row) { return row.time(0); });
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return std::optional<Timestamp>{};
    }
    return std::optional<Timestamp>{rows->front()};
}

Status SqlStore::save_candles(const engine::CandleSeries& series, std::span<const Candle> candles) {
    auto transaction = Transaction::begin(*database_);
    if (!transaction) {
        return fail(transaction.error());
    }
    const std::string timeframe = series.timeframe.to_string();
    for (const Candle& candle : candles) {
        if (auto saved = database_->run(
                "INSERT INTO candles (venue, symbol, timeframe, open_time_ns, open, high, low, "
                "close, volume) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (venue, "
                "symbol, timeframe, open_time_ns) DO UPDATE SET open = excluded.open, "
                "high = excluded.high, low = excluded.low, close = excluded.close, "
                "volume = excluded.volume",
                series.venue, series.symbol, timeframe, candle.open_time, candle.open, candle.high,
                candle.low, candle.close, candle.volume);
            !saved) {
            return saved;
        }
    }
    return transaction->commit();
}

Result<std::vector<Candle>> SqlStore::load_candles(const engine::CandleSeries& series,
                                                   Timestamp from, Timestamp to) {
    return read_all<Candle>(
        database_->query("SELECT open_time_ns, open, high, low, close, volume FROM candles WHERE "
                         "venue = $1 AND symbol = $2 AND timeframe = $3 AND open_time_ns >= $4 AND "
                         "open_time_ns < $5 ORDER BY open_time_ns",
                         series.venue, series.symbol, series.timeframe.to_string(), from, to),
        "candles", [](Columns& row) {
            return Candle{.open_time = row.time(0),
                          .open = row.real(1),
                          .high = row.real(2),
                          .low = row.real(3),
                          .close = row.real(4),
                          .volume = row.real(5)};
        });
}

Status SqlStore::insert_signal(const SignalRecord& signal) {
    auto id = single_integer(database_->query(
        "INSERT INTO signals (bot_id, symbol, time_ns, direction, reason, entry, stop, "
        "take_profit_1, take_profit_2, take_profit_3, confidence, quality, executed) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        signal.bot, signal.symbol, signal.at, to_string(signal.direction), signal.reason,
        signal.entry, signal.stop, signal.take_profit[0], signal.take_profit[1],
        signal.take_profit[2], signal.confidence, to_string(signal.quality), signal.executed));
    if (!id) {
        return fail(id.error());
    }
    std::int64_t ordinal = 0;
    for (const NamedFeature& feature : signal.features) {
        if (auto saved = database_->run("INSERT INTO signal_features (signal_id, ordinal, name, "
                                        "value) VALUES ($1, $2, $3, $4)",
                                        *id, ordinal++, feature.name, feature.value);
            !saved) {
            return saved;
        }
    }
    return {};
}

Status SqlStore::record_signal(const SignalRecord& signal) {
    return save_tick({}, std::span(&signal, 1));
}

Result<std::vector<SignalRecord>> SqlStore::load_signals(BotId bot, Timestamp from, Timestamp to) {
    std::vector<std::int64_t> ids;
    auto signals = read_all<SignalRecord>(
        database_->query("SELECT id, bot_id, symbol, time_ns, direction, reason, entry, stop, "
                         "take_profit_1, take_profit_2, take_profit_3, confidence, quality, "
                         "executed FROM signals WHERE bot_id = $1 AND time_ns >= $2 AND time_ns < "
                         "$3 ORDER BY time_ns, id",
                         bot, from, to),
        "signals", [&ids](Columns& row) {
            ids.push_back(row.integer(0));
            return SignalRecord{.bot = row.bot(1),
                                .symbol = row.symbol(2),
                                .at = row.time(3),
                                .direction = row.choice(4, Direction::Sell),
                                .reason = row.text(5),
                                .entry = row.real(6),
                                .stop = row.real(7),
                                .take_profit = {row.real(8), row.real(9), row.real(10)},
                                .confidence = row.real(11),
                                .quality = row.choice(12, Quality::Premium),
                                .executed = row.integer(13) != 0,
                                .features = {}};
        });
    if (!signals) {
        return fail(signals.error());
    }
    for (std::size_t index = 0; index < ids.size(); ++index) {
        auto features = read_all<NamedFeature>(
            database_->query("SELECT name, value FROM signal_features WHERE signal_id = $1 "
                             "ORDER BY ordinal",
                             ids[index]),
            "signal_features",
            [](Columns& row) { return NamedFeature{.name = row.text(0), .value = row.real(1)}; });
        if (!features) {
            return fail(features.error());
        }
        (*signals)[index].features = std::move(*features);
    }
    return signals;
}

Status SqlStore::record_equity(const EquitySnapshot& snapshot) {
    return database_->run(
        "INSERT INTO equity_snapshots (bot_id, time_ns, cash, equity) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (bot_id, time_ns) DO UPDATE SET cash = excluded.cash, "
        "equity = excluded.equity",
        snapshot.bot, snapshot.at, snapshot.cash, snapshot.equity);
}

Result<std::vector<EquitySnapshot>> SqlStore::load_equity(BotId bot, Timestamp from, Timestamp to) {
    return read_all<EquitySnapshot>(
        database_->query("SELECT bot_id, time_ns, cash, equity FROM equity_snapshots WHERE "
                         "bot_id = $1 AND time_ns >= $2 AND time_ns < $3 ORDER BY time_ns",
                         bot, from, to),
        "equity_snapshots", [](Columns& row) {
            return EquitySnapshot{.bot = row.bot(0),
                                  .at = row.time(1),
                                  .cash = row.decimal(2),
                                  .equity = row.decimal(3)};
        });
}

Status SqlStore::record_event(const EventRecord& event) {
    return database_->run(
        "INSERT INTO events (time_ns, bot_id, level, kind, message) VALUES ($1, $2, $3, $4, $5)",
        event.at, event.bot, to_string(event.level), event.kind, event.message);
}

Result<std::vector<EventRecord>> SqlStore::load_events(std::size_t limit) {
    auto events = read_all<EventRecord>(
        database_->query("SELECT time_ns, bot_id, level, kind, message FROM events "
                         "ORDER BY id DESC LIMIT $1",
                         static_cast<std::uint64_t>(limit)),
        "events", [](Columns& row) {
            return EventRecord{.at = row.time(0),
                               .bot = row.bot(1),
                               .level = row.choice(2, engine::EventLevel::Error),
                               .kind = row.text(3),
                               .message = row.text(4)};
        });
    if (events) {
        std::reverse(events->begin(), events->end());
    }
    return events;
}

}  // namespace osprey::sql
