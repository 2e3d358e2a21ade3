// Bots, orders, fills, positions and trades: the state a restart needs.

#include "store/sql/sql_store.hpp"

#include <memory>
#include <utility>

#include "store/sql/columns.hpp"

namespace osprey::sql {

using engine::BotRecord;
using engine::FillRecord;
using engine::OpenState;
using engine::OrderRecord;
using engine::OrderUpdate;
using engine::PositionRecord;
using engine::TradeRecord;

namespace {

constexpr std::string_view order_columns =
    "SELECT bot_id, sequence, venue, symbol, side, intent, quantity, quote_amount, price, state, "
    "venue_order_id, filled, error, created_ns, updated_ns FROM orders ";

OrderRecord read_order(Columns& row) {
    return OrderRecord{.id = row.order(0, 1),
                       .venue = row.text(2),
                       .symbol = row.symbol(3),
                       .side = row.choice(4, Side::Sell),
                       .intent = row.choice(5, engine::OrderIntent::Close),
                       .quantity = row.decimal_of<QuantityTag>(6),
                       .quote_amount = row.decimal(7),
                       .price = row.decimal_of<PriceTag>(8),
                       .state = row.choice(9, engine::OrderState::Unknown),
                       .venue_order_id = row.text(10),
                       .filled = row.decimal_of<QuantityTag>(11),
                       .error = row.text(12),
                       .created = row.time(13),
                       .updated = row.time(14)};
}

PositionRecord read_position(Columns& row) {
    return PositionRecord{.bot = row.bot(0),
                          .symbol = row.symbol(1),
                          .side = row.choice(2, PositionSide::Short),
                          .quantity = row.decimal_of<QuantityTag>(3),
                          .entry_price = row.decimal_of<PriceTag>(4),
                          .entry_cost = row.decimal(5),
                          .stop = row.decimal_of<PriceTag>(6),
                          .take_profit = row.decimal_of<PriceTag>(7),
                          .entry_order = row.order(0, 8),
                          .opened = row.time(9)};
}

}  // namespace

Status SqlStore::save_bot(const BotRecord& bot) {
    return database_->run(
        "INSERT INTO bots (id, name, venue, symbol, strategy, parameters, amount, status, "
        "created_ns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET "
        "name = excluded.name, venue = excluded.venue, symbol = excluded.symbol, "
        "strategy = excluded.strategy, parameters = excluded.parameters, "
        "amount = excluded.amount, status = excluded.status, created_ns = excluded.created_ns",
        bot.id, bot.name, bot.venue, bot.symbol, bot.strategy, bot.parameters, bot.amount,
        to_string(bot.status), bot.created);
}

Result<std::vector<BotRecord>> SqlStore::load_bots() {
    return read_all<BotRecord>(
        database_->query("SELECT id, name, venue, symbol, strategy, parameters, amount, status, "
                         "created_ns FROM bots ORDER BY id"),
        "bots", [](Columns& row) {
            return BotRecord{.id = row.bot(0),
                             .name = row.text(1),
                             .venue = row.text(2),
                             .symbol = row.symbol(3),
                             .strategy = row.text(4),
                             .parameters = row.text(5),
                             .amount = row.decimal(6),
                             .status = row.choice(7, engine::BotStatus::Faulted),
                             .created = row.time(8)};
        });
}

Status SqlStore::remove_bot(BotId bot) {
    return database_->run("DELETE FROM bots WHERE id = $1", bot);
}

Status SqlStore::record_order_intent(const OrderRecord& order) {
    return database_->run(
        "INSERT INTO orders (bot_id, sequence, venue, symbol, side, intent, quantity, "
        "quote_amount, price, state, venue_order_id, filled, error, created_ns, updated_ns) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        order.id.bot, order.id.sequence, order.venue, order.symbol, to_string(order.side),
        to_string(order.intent), order.quantity, order.quote_amount, order.price,
        to_string(order.state), order.venue_order_id, order.filled, order.error, order.created,
        order.updated);
}

Status SqlStore::apply(const OrderUpdate& update) {
    auto rows = database_->query(
        "UPDATE orders SET state = $3, venue_order_id = CASE WHEN $4 = '' THEN venue_order_id "
        "ELSE $4 END, filled = $5, error = $6, updated_ns = $7 WHERE bot_id = $1 AND sequence = "
        "$2 RETURNING 1",
        update.id.bot, update.id.sequence, to_string(update.state), update.venue_order_id,
        update.filled, update.error, update.at);
    if (!rows) {
        return fail(rows.error());
    }
    auto found = rows->next();
    if (!found) {
        return fail(found.error());
    }
    if (!*found) {
        return fail(ErrorCode::NotFound, "no order " + std::to_string(update.id.bot.value()) + "-"
                                             + std::to_string(update.id.sequence) + " to update");
    }
    return rows->finish();
}

Status SqlStore::update_order(const OrderUpdate& update) {
    return apply(update);
}

Result<std::vector<OrderRecord>> SqlStore::select_orders(std::string_view sql, std::uint64_t bot,
                                                         std::uint64_t sequence) {
    return read_all<OrderRecord>(database_->query(sql, bot, sequence), "orders", read_order);
}

Result<std::optional<OrderRecord>> SqlStore::find_order(ClientOrderId id) {
    static const std::string sql =
        std::string(order_columns) + "WHERE bot_id = $1 AND sequence = $2";
    auto orders = select_orders(sql, id.bot.value(), id.sequence);
    if (!orders) {
        return fail(orders.error());
    }
    if (orders->empty()) {
        return std::optional<OrderRecord>();
    }
    return std::optional<OrderRecord>(std::move(orders->front()));
}

Result<bool> SqlStore::record_fill(const FillRecord& fill) {
    auto rows = database_->query(
        "INSERT INTO fills (venue, fill_id, bot_id, sequence, symbol, side, price, quantity, fee, "
        "fee_asset, time_ns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "ON CONFLICT (venue, fill_id) DO NOTHING RETURNING 1",
        fill.venue, fill.fill_id, fill.order.bot, fill.order.sequence, fill.symbol,
        to_string(fill.side), fill.price, fill.quantity, fill.fee, fill.fee_asset, fill.time);
    if (!rows) {
        return fail(rows.error());
    }
    auto inserted = rows->next();
    if (!inserted) {
        return fail(inserted.error());
    }
    const bool is_new = *inserted;
    if (auto done = rows->finish(); !done) {
        return fail(done.error());
    }
    return is_new;
}

Result<std::vector<FillRecord>> SqlStore::load_fills(ClientOrderId order) {
    return read_all<FillRecord>(
        database_->query("SELECT venue, fill_id, bot_id, sequence, symbol, side, price, quantity, "
                         "fee, fee_asset, time_ns FROM fills WHERE bot_id = $1 AND sequence = $2 "
                         "ORDER BY time_ns, fill_id",
                         order.bot, order.sequence),
        "fills", [](Columns& row) {
            return FillRecord{.venue = row.text(0),
                              .fill_id = row.text(1),
                              .order = row.order(2, 3),
                              .symbol = row.symbol(4),
                              .side = row.choice(5, Side::Sell),
                              .price = row.decimal_of<PriceTag>(6),
                              .quantity = row.decimal_of<QuantityTag>(7),
                              .fee = row.decimal(8),
                              .fee_asset = row.text(9),
                              .time = row.time(10)};
        });
}

Status SqlStore::insert_fills(std::span<const FillRecord> fills) {
    for (const FillRecord& fill : fills) {
        if (auto recorded = record_fill(fill); !recorded) {
            return fail(recorded.error());
        }
    }
    return {};
}

Status SqlStore::save_position(const PositionRecord& position) {
    return database_->run(
        "INSERT INTO positions (bot_id, symbol, side, quantity, entry_price, entry_cost, stop, "
        "take_profit, entry_sequence, opened_ns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
        "ON CONFLICT (bot_id, symbol) DO UPDATE SET side = excluded.side, "
        "quantity = excluded.quantity, entry_price = excluded.entry_price, "
        "entry_cost = excluded.entry_cost, stop = excluded.stop, "
        "take_profit = excluded.take_profit, entry_sequence = excluded.entry_sequence, "
        "opened_ns = excluded.opened_ns",
        position.bot, position.symbol, to_string(position.side), position.quantity,
        position.entry_price, position.entry_cost, position.stop, position.take_profit,
        position.entry_order.sequence, position.opened);
}

Status SqlStore::open_position(const engine::PositionOpening& opening) {
    auto transaction = Transaction::begin(*database_);
    if (!transaction) {
        return fail(transaction.error());
    }
    if (auto fills = insert_fills(opening.fills); !fills) {
        return fills;
    }
    if (opening.entry_order) {
        if (auto applied = apply(*opening.entry_order); !applied) {
            return applied;
        }
    }
    if (auto saved = save_position(opening.position); !saved) {
        return saved;
    }
    return transaction->commit();
}

Result<bool> SqlStore::close_trade(const engine::TradeClosing& closing) {
    auto transaction = Transaction::begin(*database_);
    if (!transaction) {
        return fail(transaction.error());
    }
    const TradeRecord& trade = closing.trade;
    auto rows = database_->query(
        "INSERT INTO trades (bot_id, entry_sequence, exit_sequence, symbol, side, entry_time_ns, "
        "entry_price, exit_time_ns, exit_price, quantity, entry_cost, pnl, exit_reason) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
        "ON CONFLICT (bot_id, exit_sequence) DO NOTHING RETURNING id",
        trade.exit_order.bot, trade.entry_order.sequence, trade.exit_order.sequence, trade.symbol,
        to_string(trade.side), trade.entry_time, trade.entry_price, trade.exit_time,
        trade.exit_price, trade.quantity, trade.entry_cost, trade.pnl,
        to_string(trade.exit_reason));
    if (!rows) {
        return fail(rows.error());
    }
    auto inserted = rows->next();
    if (!inserted) {
        return fail(inserted.error());
    }
    if (!*inserted) {
        return false;  // this closing order already closed a trade: roll back, count it once
    }
    if (auto done = rows->finish(); !done) {
        return fail(done.error());
    }
    if (closing.venue_exit) {
        if (Status stored = record_order_intent(*closing.venue_exit); !stored) {
            return fail(stored.error());
        }
    }
    if (auto fills = insert_fills(closing.fills); !fills) {
        return fail(fills.error());
    }
    if (closing.exit_order) {
        if (auto applied = apply(*closing.exit_order); !applied) {
            return fail(applied.error());
        }
    }
    Status position =
        closing.remaining
            ? save_position(*closing.remaining)
            : database_->run("DELETE FROM positions WHERE bot_id = $1 AND symbol = $2",
                             trade.exit_order.bot, trade.symbol);
    if (!position) {
        return fail(position.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return true;
}

Result<std::vector<TradeRecord>> SqlStore::load_trades(BotId bot) {
    return read_all<TradeRecord>(
        database_->query("SELECT bot_id, entry_sequence, exit_sequence, symbol, side, "
                         "entry_time_ns, entry_price, exit_time_ns, exit_price, quantity, "
                         "entry_cost, pnl, exit_reason FROM trades WHERE bot_id = $1 ORDER BY id",
                         bot),
        "trades", [](Columns& row) {
            return TradeRecord{.entry_order = row.order(0, 1),
                               .exit_order = row.order(0, 2),
                               .symbol = row.symbol(3),
                               .side = row.choice(4, PositionSide::Short),
                               .entry_time = row.time(5),
                               .entry_price = row.decimal_of<PriceTag>(6),
                               .exit_time = row.time(7),
                               .exit_price = row.decimal_of<PriceTag>(8),
                               .quantity = row.decimal_of<QuantityTag>(9),
                               .entry_cost = row.decimal(10),
                               .pnl = row.decimal(11),
                               .exit_reason = row.choice(12, ExitReason::Timeout)};
        });
}

Result<OpenState> SqlStore::load_open_state(BotId bot) {
    auto positions = read_all<PositionRecord>(
        database_->query("SELECT bot_id, symbol, side, quantity, entry_price, entry_cost, stop, "
                         "take_profit, entry_sequence, opened_ns FROM positions WHERE bot_id = $1 "
                         "ORDER BY symbol",
                         bot),
        "positions", read_position);
    if (!positions) {
        return fail(positions.error());
    }
    static const std::string unfinished =
        std::string(order_columns)
        + "WHERE bot_id = $1 AND sequence >= $2 AND state NOT IN ('filled', 'cancelled', "
          "'rejected') ORDER BY sequence";
    auto orders = select_orders(unfinished, bot.value(), 0);
    if (!orders) {
        return fail(orders.error());
    }
    auto last =
        database_->query("SELECT COALESCE(MAX(sequence), 0) FROM orders WHERE bot_id = $1", bot);
    if (!last) {
        return fail(last.error());
    }
    if (auto row = last->next(); !row || !*row) {
        return fail(row ? Error{ErrorCode::Internal, "no maximum sequence"} : row.error());
    }
    const auto next_sequence = static_cast<std::uint64_t>(last->integer(0)) + 1;
    if (auto done = last->finish(); !done) {
        return fail(done.error());
    }
    return OpenState{.positions = std::move(*positions),
                     .unfinished_orders = std::move(*orders),
                     .next_sequence = next_sequence};
}

Result<std::unique_ptr<engine::Store>> open_store(std::unique_ptr<Connection> connection) {
    auto store = std::make_unique<SqlStore>(std::move(connection));
    if (auto migrated = store->migrate(); !migrated) {
        return fail(migrated.error());
    }
    return std::unique_ptr<engine::Store>(std::move(store));
}

}  // namespace osprey::sql
