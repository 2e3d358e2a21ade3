#pragma once
// The Store (engine/ports/store.hpp) written once, in SQL both SQLite and
// PostgreSQL run, over a Connection that each backend implements
// (store/sqlite, store/postgres). The schema comes from the shared
// migrations (src/store/migrations), run when the store opens.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "engine/ports/store.hpp"
#include "store/sql/connection.hpp"

namespace osprey::sql {

// The store on `connection`, migrated: runs the migrations the database
// lacks and refuses a database written by a newer osprey.
Result<std::unique_ptr<engine::Store>> open_store(std::unique_ptr<Connection> connection);

class SqlStore final : public engine::Store {
public:
    explicit SqlStore(std::unique_ptr<Connection> connection) : database_(std::move(connection)) {}

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

    Status save_progress(std::span<const engine::BotProgress> progress) override;
    Status save_tick(std::span<const engine::BotProgress> progress,
                     std::span<const engine::SignalRecord> signals) override;
    Result<std::optional<Timestamp>> load_progress(BotId bot) override;

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
    Status insert_signal(const engine::SignalRecord& signal);  // inside a transaction
    // The pieces of open_position and close_trade, inside their transaction.
    Status insert_fills(std::span<const engine::FillRecord> fills);
    Status apply(const engine::OrderUpdate& update);
    Status save_position(const engine::PositionRecord& position);
    Result<std::vector<engine::OrderRecord>> select_orders(std::string_view sql, std::uint64_t bot,
                                                           std::uint64_t sequence);

    std::unique_ptr<Connection> database_;
};

}  // namespace osprey::sql
