// Migrations, bots, orders and fills, on every backend.

#include <gtest/gtest.h>

#include "store/tests/conformance.hpp"
#include "store/tests/records.hpp"

namespace osprey::store_tests {
namespace {

using engine::OrderIntent;
using engine::OrderState;

constexpr int latest_schema = 2;

TEST_P(StoreConformance, MigrationsRunAtStartUpToTheLatestVersion) {
    auto version = store().schema_version();
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(*version, latest_schema);
}

TEST_P(StoreConformance, ASecondOpenMigratesNothingAndKeepsTheData) {
    ASSERT_TRUE(store().record_order_intent(order(BotId(1), 1, OrderIntent::Open)));
    auto again = reopen();
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->schema_version().value_or(-1), latest_schema);
    auto found = again->find_order({BotId(1), 1});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_TRUE(found->has_value());
}

TEST_P(StoreConformance, ADatabaseFromANewerOspreyIsRefused) {
    backend().pretend_schema_version(latest_schema + 1);
    auto opened = backend().open();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::Conflict);
    EXPECT_NE(opened.error().message.find("newer than this osprey"), std::string::npos)
        << opened.error().message;
}

TEST_P(StoreConformance, BotsRoundTripAndUpdateInPlace) {
    engine::BotRecord bot{.id = BotId(7),
                          .name = "btc ema",
                          .venue = "binance",
                          .symbol = btc(),
                          .strategy = "ema_cross",
                          .parameters = R"({"fast": 9, "slow": 21, "note": "it's"})",
                          .amount = decimal("100.000000000001"),
                          .status = engine::BotStatus::Running,
                          .created = at(1)};
    ASSERT_TRUE(store().save_bot(bot));
    bot.status = engine::BotStatus::Faulted;
    ASSERT_TRUE(store().save_bot(bot));
    engine::BotRecord other = bot;
    other.id = BotId(3);
    ASSERT_TRUE(store().save_bot(other));

    auto bots = store().load_bots();
    ASSERT_TRUE(bots) << bots.error().message;
    ASSERT_EQ(bots->size(), 2U);
    EXPECT_EQ((*bots)[0], other);
    EXPECT_EQ((*bots)[1], bot);

    ASSERT_TRUE(store().remove_bot(BotId(3)));
    EXPECT_EQ(store().load_bots()->size(), 1U);
}

TEST_P(StoreConformance, AnOrderIntentIsVisibleToAnotherConnectionBeforeItIsSent) {
    const engine::OrderRecord intent = order(BotId(1), 1, OrderIntent::Open);
    ASSERT_TRUE(store().record_order_intent(intent));
    // What a process started after a crash right after this call would see.
    auto restarted = reopen();
    ASSERT_NE(restarted, nullptr);
    auto found = restarted->find_order(intent.id);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, intent);
    auto state = restarted->load_open_state(BotId(1));
    ASSERT_TRUE(state) << state.error().message;
    ASSERT_EQ(state->unfinished_orders.size(), 1U);
    EXPECT_EQ(state->unfinished_orders[0].state, OrderState::Sending);
    EXPECT_EQ(state->next_sequence, 2U);
}

TEST_P(StoreConformance, AClientOrderIdIsStoredOnlyOnce) {
    ASSERT_TRUE(store().record_order_intent(order(BotId(1), 1, OrderIntent::Open)));
    auto again = store().record_order_intent(order(BotId(1), 1, OrderIntent::Open));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
}

TEST_P(StoreConformance, UpdatesChangeTheOrderAndAnUnknownOrderIsNotFound) {
    ASSERT_TRUE(store().record_order_intent(order(BotId(1), 1, OrderIntent::Open)));
    ASSERT_TRUE(store().update_order({.id = {BotId(1), 1},
                                      .state = OrderState::PartiallyFilled,
                                      .venue_order_id = "12345",
                                      .filled = quantity("0.0005"),
                                      .error = "",
                                      .at = at(5)}));
    // An update that does not know the venue's id keeps the one stored.
    ASSERT_TRUE(store().update_order({.id = {BotId(1), 1},
                                      .state = OrderState::Unknown,
                                      .venue_order_id = "",
                                      .filled = quantity("0.0005"),
                                      .error = "timeout",
                                      .at = at(6)}));
    auto found = store().find_order({BotId(1), 1});
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->state, OrderState::Unknown);
    EXPECT_EQ((*found)->venue_order_id, "12345");
    EXPECT_EQ((*found)->filled, quantity("0.0005"));
    EXPECT_EQ((*found)->error, "timeout");
    EXPECT_EQ((*found)->updated, at(6));

    auto missing = store().update_order({.id = {BotId(1), 9},
                                         .state = OrderState::Filled,
                                         .venue_order_id = "",
                                         .filled = quantity("1"),
                                         .error = "",
                                         .at = at(7)});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(store().find_order({BotId(1), 9})->has_value());
}

TEST_P(StoreConformance, AFillReplayedWithTheSameIdIsStoredOnce) {
    const ClientOrderId id{BotId(1), 1};
    ASSERT_TRUE(store().record_order_intent(order(BotId(1), 1, OrderIntent::Open)));
    EXPECT_EQ(store().record_fill(fill(id, "t1", Side::Buy)).value_or(false), true);
    EXPECT_EQ(store().record_fill(fill(id, "t1", Side::Buy)).value_or(true), false);
    EXPECT_EQ(store().record_fill(fill(id, "t2", Side::Buy)).value_or(false), true);
    // The same id on another venue is another fill.
    engine::FillRecord bybit = fill(id, "t1", Side::Buy);
    bybit.venue = "bybit";
    EXPECT_EQ(store().record_fill(bybit).value_or(false), true);

    auto fills = store().load_fills(id);
    ASSERT_TRUE(fills) << fills.error().message;
    ASSERT_EQ(fills->size(), 3U);
    EXPECT_EQ((*fills)[0], fill(id, "t1", Side::Buy));  // exact decimals survive
}

TEST_P(StoreConformance, AFillForAnOrderNeverStoredIsRefused) {
    auto refused = store().record_fill(fill({BotId(1), 42}, "t1", Side::Buy));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
}

}  // namespace
}  // namespace osprey::store_tests
