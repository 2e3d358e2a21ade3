// Positions and trades: each change is written whole or not at all, on
// every backend.

#include <gtest/gtest.h>

#include "store/tests/conformance.hpp"
#include "store/tests/records.hpp"

namespace osprey::store_tests {
namespace {

using engine::OrderIntent;
using engine::OrderState;

const BotId bot{1};

// Stores the entry (order 1, filled, position open) and the exit intent
// (order 2), as a bot does before it sends its closing order.
void open_and_intend_exit(engine::Store& store) {
    ASSERT_TRUE(store.record_order_intent(order(bot, 1, OrderIntent::Open)));
    auto opened = store.open_position(opening(bot, 1));
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(store.record_order_intent(order(bot, 2, OrderIntent::Close)));
}

TEST_P(StoreConformance, OpeningAPositionStoresItsFillOrderAndPosition) {
    open_and_intend_exit(store());
    auto state = store().load_open_state(bot);
    ASSERT_TRUE(state) << state.error().message;
    ASSERT_EQ(state->positions.size(), 1U);
    EXPECT_EQ(state->positions[0], position(bot, 1));
    EXPECT_EQ(store().find_order({bot, 1})->value().state, OrderState::Filled);
    EXPECT_EQ(store().load_fills({bot, 1})->size(), 1U);
    ASSERT_EQ(state->unfinished_orders.size(), 1U);  // the exit, not yet sent
    EXPECT_EQ(state->unfinished_orders[0].id, (ClientOrderId{bot, 2}));
    EXPECT_EQ(state->next_sequence, 3U);
}

TEST_P(StoreConformance, ClosingATradeWritesTradeFillsOrderAndPositionTogether) {
    open_and_intend_exit(store());
    auto closed = store().close_trade(closing(bot, 1, 2));
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_TRUE(*closed);

    auto restarted = reopen();
    ASSERT_NE(restarted, nullptr);
    auto trades = restarted->load_trades(bot);
    ASSERT_TRUE(trades) << trades.error().message;
    ASSERT_EQ(trades->size(), 1U);
    EXPECT_EQ((*trades)[0], trade(bot, 1, 2));
    EXPECT_EQ(restarted->load_fills({bot, 2})->size(), 1U);
    EXPECT_EQ(restarted->find_order({bot, 2})->value().state, OrderState::Filled);
    auto state = restarted->load_open_state(bot);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->positions.empty());
    EXPECT_TRUE(state->unfinished_orders.empty());
}

TEST_P(StoreConformance, ATradeClosedTwiceIsCountedOnce) {
    open_and_intend_exit(store());
    ASSERT_TRUE(store().close_trade(closing(bot, 1, 2)).value_or(false));
    // A replay after a restart: the same closing order.
    auto again = store().close_trade(closing(bot, 1, 2));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(*again);
    EXPECT_EQ(store().load_trades(bot)->size(), 1U);
}

TEST_P(StoreConformance, AFailedCloseLeavesNoHalfWrittenTrade) {
    open_and_intend_exit(store());
    engine::TradeClosing broken = closing(bot, 1, 2);
    // The second fill names an order never stored: the write fails after
    // the trade row and the first fill went in.
    broken.fills.push_back(fill({bot, 99}, "t-orphan", Side::Sell));
    auto closed = store().close_trade(broken);
    ASSERT_FALSE(closed);

    EXPECT_TRUE(store().load_trades(bot)->empty());
    EXPECT_TRUE(store().load_fills({bot, 2})->empty());
    EXPECT_EQ(store().find_order({bot, 2})->value().state, OrderState::Sending);
    auto state = store().load_open_state(bot);
    ASSERT_TRUE(state);
    ASSERT_EQ(state->positions.size(), 1U);
    EXPECT_EQ(state->positions[0], position(bot, 1));

    // The store is usable afterwards, and the proper close goes through.
    EXPECT_TRUE(store().close_trade(closing(bot, 1, 2)).value_or(false));
    EXPECT_EQ(store().load_trades(bot)->size(), 1U);
}

TEST_P(StoreConformance, AStopTheVenueFilledStoresItsOrderWithTheTradeOrNotAtAll) {
    ASSERT_TRUE(store().record_order_intent(order(bot, 1, OrderIntent::Open)));
    ASSERT_TRUE(store().open_position(opening(bot, 1)));
    engine::OrderRecord stop = order(bot, 2, OrderIntent::Close);
    stop.state = OrderState::Filled;
    engine::TradeClosing closing_by_stop = closing(bot, 1, 2);
    closing_by_stop.exit_order.reset();  // no order of the bot's to update
    closing_by_stop.venue_exit = stop;

    engine::TradeClosing broken = closing_by_stop;
    broken.fills.push_back(fill({bot, 99}, "t-orphan", Side::Sell));
    ASSERT_FALSE(store().close_trade(broken));
    EXPECT_FALSE(store().find_order({bot, 2})->has_value());  // rolled back with the trade

    auto closed = store().close_trade(closing_by_stop);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_TRUE(*closed);
    EXPECT_EQ(store().find_order({bot, 2})->value().state, OrderState::Filled);
    EXPECT_EQ(store().load_trades(bot)->size(), 1U);
    EXPECT_EQ(store().load_open_state(bot)->next_sequence, 3U);
}

TEST_P(StoreConformance, AFailedOpenLeavesNoPosition) {
    ASSERT_TRUE(store().record_order_intent(order(bot, 1, OrderIntent::Open)));
    engine::PositionOpening broken = opening(bot, 1);
    broken.entry_order->id.sequence = 99;  // never stored: the update fails last but one
    ASSERT_FALSE(store().open_position(broken));
    auto state = store().load_open_state(bot);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->positions.empty());
    EXPECT_TRUE(store().load_fills({bot, 1})->empty());
}

TEST_P(StoreConformance, APartialCloseKeepsTheRestOfThePosition) {
    open_and_intend_exit(store());
    engine::TradeClosing partial = closing(bot, 1, 2);
    partial.trade.quantity = quantity("0.0006");
    engine::PositionRecord rest = position(bot, 1);
    rest.quantity = quantity("0.00063");
    partial.remaining = rest;
    ASSERT_TRUE(store().close_trade(partial).value_or(false));
    auto state = store().load_open_state(bot);
    ASSERT_TRUE(state);
    ASSERT_EQ(state->positions.size(), 1U);
    EXPECT_EQ(state->positions[0].quantity, quantity("0.00063"));
}

TEST_P(StoreConformance, OpenStateIsPerBot) {
    open_and_intend_exit(store());
    const BotId other{2};
    ASSERT_TRUE(store().record_order_intent(order(other, 7, OrderIntent::Open)));
    auto state = store().load_open_state(other);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->positions.empty());
    ASSERT_EQ(state->unfinished_orders.size(), 1U);
    EXPECT_EQ(state->next_sequence, 8U);
    EXPECT_EQ(store().load_open_state(BotId(3))->next_sequence, 1U);
}

}  // namespace
}  // namespace osprey::store_tests
