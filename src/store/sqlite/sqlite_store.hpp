#pragma once
// The Store on SQLite: the embedded default, one file <data dir>/osprey.db
// in WAL mode with synchronous=FULL by default, so a committed order intent
// survives a crash of the process or of the machine. Foreign keys are on, so a fill
// for an order never stored fails (and rolls back what it was part of).

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/ports/store.hpp"
#include "store/sqlite/database.hpp"

namespace osprey::sqlite {

// DESIGN.md "Configuration": SQLite under ./osprey-data/ by default.
inline constexpr std::string_view default_data_dir = "osprey-data";
inline constexpr std::string_view database_file = "osprey.db";

// Opens (creating the directory and the file) <data_dir>/osprey.db and runs
// the migrations it lacks; refuses a database written by a newer osprey.
Result<std::unique_ptr<engine::Store>> open_store(
    const std::filesystem::path& data_dir = default_data_dir,
    engine::Durability durability = engine::Durability::PowerLoss);

class SqliteStore final : public engine::Store {
public:
    explicit SqliteStore(Database database) : database_(std::move(database)) {}

    // The dialect's word for a generated 64-bit key (@ID@ in the migrations).
    static constexpr std::string_view generated_key = "INTEGER PRIMARY KEY";

    // Applies the migrations newer than the database's version.
    Status migrate();

    Result<int> schema_version() override;

    Status save_bot(const engine::BotRecord& bot) override;
    Result<std::vector<engine::BotRecord>> load_bots() override;
    Status remove_bot(BotId bot) override;

    Status record_order_intent(const engine::OrderRecord& order) override;
    Status update_order(const engine::OrderUpdate& update) override;
    Result<std::optional<engine::OrderRecord>> find_order(ClientOrderId id) override;

    Result<bool> record_fill(const engine::FillRecord& fill) override;
    Result<std::vector<engine::FillRecord>> load_fills(ClientOrderId order) override;

    Status open_position(const engine::PositionOpening& opening) override;
    Result<bool> close_trade(const engine::TradeClosing& closing) override;
    Result<std::vector<engine::TradeRecord>> load_trades(BotId bot) override;
    Result<engine::OpenState> load_open_state(BotId bot) override;

    Status save_candles(const engine::CandleSeries& series,
                        std::span<const Candle> candles) override;
    Result<std::vector<Candle>> load_candles(const engine::CandleSeries& series, Timestamp from,
                                             Timestamp to) override;

    Status record_signal(const engine::SignalRecord& signal) override;
    Result<std::vector<engine::SignalRecord>> load_signals(BotId bot, Timestamp from,
                                                           Timestamp to) override;

    Status record_equity(const engine::EquitySnapshot& snapshot) override;
    Result<std::vector<engine::EquitySnapshot>> load_equity(BotId bot, Timestamp from,
                                                            Timestamp to) override;

    Status record_event(const engine::EventRecord& event) override;
    Result<std::vector<engine::EventRecord>> load_events(std::size_t limit) override;

private:
    // Keeps another process from migrating at the same time (in migrate's
    // transaction).
    Status lock_migrations();
    // The pieces of open_position and close_trade, inside their transaction.
    Status insert_fills(std::span<const engine::FillRecord> fills);
    Status apply(const engine::OrderUpdate& update);
    Status save_position(const engine::PositionRecord& position);
    Result<std::vector<engine::OrderRecord>> select_orders(std::string_view sql, std::uint64_t bot,
                                                           std::uint64_t sequence);

    Database database_;
};

}  // namespace osprey::sqlite
