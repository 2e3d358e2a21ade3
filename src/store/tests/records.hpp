#pragma once
// Sample records for the store tests: one bot trading BTCUSDT, with exact
// decimal amounts chosen so that a double could not hold them.

#include <cstdint>
#include <string>

#include "engine/ports/store.hpp"

namespace osprey::store_tests {

inline Symbol btc() {
    return *Symbol::parse("BTCUSDT");
}

inline Decimal decimal(std::string_view text) {
    return *Decimal::parse(text);
}

inline Price price(std::string_view text) {
    return *Price::parse(text);
}

inline Quantity quantity(std::string_view text) {
    return *Quantity::parse(text);
}

inline Timestamp at(std::int64_t second) {
    return Timestamp::from_nanos(1'700'000'000'000'000'000 + second * 1'000'000'000);
}

// "t1-2": a venue id for bot 1's order 2 (appended piecewise: GCC 12 warns
// wrongly about `"t" + std::to_string(...)` at -O3).
inline std::string venue_id(char prefix, BotId bot, std::uint64_t sequence) {
    std::string text(1, prefix);
    text.append(std::to_string(bot.value()));
    text.push_back('-');
    text.append(std::to_string(sequence));
    return text;
}

inline engine::OrderRecord order(BotId bot, std::uint64_t sequence, engine::OrderIntent intent) {
    const bool opens = intent == engine::OrderIntent::Open;
    return engine::OrderRecord{.id = {bot, sequence},
                               .venue = "binance",
                               .symbol = btc(),
                               .side = opens ? Side::Buy : Side::Sell,
                               .intent = intent,
                               .quantity = quantity(opens ? "0" : "0.00123"),
                               .quote_amount = decimal(opens ? "100.000000000001" : "0"),
                               .price = price("0"),
                               .state = engine::OrderState::Sending,
                               .venue_order_id = "",
                               .filled = quantity("0"),
                               .error = "",
                               .created = at(static_cast<std::int64_t>(sequence)),
                               .updated = at(static_cast<std::int64_t>(sequence))};
}

inline engine::FillRecord fill(ClientOrderId order, std::string id, Side side) {
    return engine::FillRecord{.venue = "binance",
                              .fill_id = std::move(id),
                              .order = order,
                              .symbol = btc(),
                              .side = side,
                              .price = price("81234.56000001"),
                              .quantity = quantity("0.00123"),
                              .fee = decimal("0.0000012300000001"),
                              .fee_asset = "BTC",
                              .time = at(static_cast<std::int64_t>(order.sequence))};
}

inline engine::PositionRecord position(BotId bot, std::uint64_t entry_sequence) {
    return engine::PositionRecord{.bot = bot,
                                  .symbol = btc(),
                                  .side = PositionSide::Long,
                                  .quantity = quantity("0.00123"),
                                  .entry_price = price("81234.56000001"),
                                  .entry_cost = decimal("99.9184088800000123"),
                                  .stop = price("79000.1"),
                                  .take_profit = price("0"),
                                  .entry_order = {bot, entry_sequence},
                                  .opened = at(static_cast<std::int64_t>(entry_sequence))};
}

inline engine::TradeRecord trade(BotId bot, std::uint64_t entry_sequence,
                                 std::uint64_t exit_sequence) {
    return engine::TradeRecord{.entry_order = {bot, entry_sequence},
                               .exit_order = {bot, exit_sequence},
                               .symbol = btc(),
                               .side = PositionSide::Long,
                               .entry_time = at(static_cast<std::int64_t>(entry_sequence)),
                               .entry_price = price("81234.56000001"),
                               .exit_time = at(static_cast<std::int64_t>(exit_sequence)),
                               .exit_price = price("82000.00000001"),
                               .quantity = quantity("0.00123"),
                               .entry_cost = decimal("99.9184088800000123"),
                               .pnl = decimal("0.8215911199999877"),
                               .exit_reason = ExitReason::TakeProfit};
}

// The whole close of the position opened by `entry_sequence`, by the order
// `exit_sequence` (whose intent must be stored first).
inline engine::TradeClosing closing(BotId bot, std::uint64_t entry_sequence,
                                    std::uint64_t exit_sequence) {
    const ClientOrderId exit{bot, exit_sequence};
    return engine::TradeClosing{
        .trade = trade(bot, entry_sequence, exit_sequence),
        .fills = {fill(exit, venue_id('t', bot, exit_sequence), Side::Sell)},
        .exit_order = engine::OrderUpdate{.id = exit,
                                          .state = engine::OrderState::Filled,
                                          .venue_order_id = venue_id('v', bot, exit_sequence),
                                          .filled = quantity("0.00123"),
                                          .error = "",
                                          .at = at(static_cast<std::int64_t>(exit_sequence))},
        .remaining = std::nullopt,
        .venue_exit = std::nullopt};
}

inline engine::PositionOpening opening(BotId bot, std::uint64_t entry_sequence) {
    const ClientOrderId entry{bot, entry_sequence};
    return engine::PositionOpening{
        .position = position(bot, entry_sequence),
        .fills = {fill(entry, venue_id('t', bot, entry_sequence), Side::Buy)},
        .entry_order = engine::OrderUpdate{.id = entry,
                                           .state = engine::OrderState::Filled,
                                           .venue_order_id = venue_id('v', bot, entry_sequence),
                                           .filled = quantity("0.00123"),
                                           .error = "",
                                           .at = at(static_cast<std::int64_t>(entry_sequence))}};
}

}  // namespace osprey::store_tests
