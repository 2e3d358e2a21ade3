// A writer killed with SIGKILL at an arbitrary moment leaves a database
// that opens and holds only whole trades, on every backend.

#include <csignal>
#include <cstdint>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/tests/conformance.hpp"
#include "store/tests/records.hpp"

namespace osprey::store_tests {
namespace {

using engine::OrderIntent;

// The child: opens its own connection and trades round trips until killed,
// writing one byte to `pipe` after each committed close. Exit codes name
// the step that failed.
[[noreturn]] void trade_until_killed(Backend& backend, engine::Durability durability, BotId bot,
                                     int pipe) {
    auto opened = backend.open(durability);
    if (!opened) {
        _exit(2);
    }
    engine::Store& store = **opened;
    for (std::uint64_t entry = 1;; entry += 2) {
        const std::uint64_t exit = entry + 1;
        if (!store.record_order_intent(order(bot, entry, OrderIntent::Open))) {
            _exit(3);
        }
        if (!store.open_position(opening(bot, entry))) {
            _exit(4);
        }
        if (!store.record_order_intent(order(bot, exit, OrderIntent::Close))) {
            _exit(5);
        }
        if (!store.close_trade(closing(bot, entry, exit)).value_or(false)) {
            _exit(6);
        }
        const char closed = 't';
        if (write(pipe, &closed, 1) != 1) {
            _exit(7);
        }
    }
}

// Waits (30 s at most) for `count` closes reported on `pipe`.
bool wait_for_closes(int pipe, int count) {
    constexpr int deadline_ms = 30'000;
    for (int seen = 0; seen < count;) {
        pollfd ready{.fd = pipe, .events = POLLIN, .revents = 0};
        if (poll(&ready, 1, deadline_ms) != 1) {
            return false;
        }
        char closed = 0;
        if (read(pipe, &closed, 1) != 1) {
            return false;  // the child died: its exit code says where
        }
        ++seen;
    }
    return true;
}

// Every trade has its fills and its filled orders; at most the round trip
// being written when the kill came is unfinished, and it is whole too.
void expect_only_whole_trades(engine::Store& store, BotId bot, int at_least) {
    auto trades = store.load_trades(bot);
    ASSERT_TRUE(trades) << trades.error().message;
    ASSERT_GE(trades->size(), static_cast<std::size_t>(at_least));
    for (std::size_t index = 0; index < trades->size(); ++index) {
        const engine::TradeRecord& trade = (*trades)[index];
        ASSERT_EQ(trade.exit_order.sequence, 2 * index + 2);
        EXPECT_EQ(store.load_fills(trade.entry_order)->size(), 1U);
        EXPECT_EQ(store.load_fills(trade.exit_order)->size(), 1U);
        EXPECT_EQ(store.find_order(trade.exit_order)->value().state, engine::OrderState::Filled);
    }
    auto state = store.load_open_state(bot);
    ASSERT_TRUE(state) << state.error().message;
    const std::uint64_t next_entry = 2 * trades->size() + 1;
    ASSERT_LE(state->positions.size(), 1U);
    if (!state->positions.empty()) {
        EXPECT_EQ(state->positions[0].entry_order.sequence, next_entry);
        EXPECT_EQ(store.load_fills({bot, next_entry})->size(), 1U);
    }
    for (const engine::OrderRecord& order : state->unfinished_orders) {
        EXPECT_GE(order.id.sequence, next_entry);
    }
}

// The last round writes with Durability::ProcessCrash: it promises the same.
TEST_P(StoreConformance, AWriterKilledMidTradeLeavesOnlyWholeTrades) {
    close_store();
    for (int round = 0; round < 3; ++round) {
        const BotId bot(static_cast<std::uint64_t>(round + 1));
        const engine::Durability durability =
            round < 2 ? engine::Durability::PowerLoss : engine::Durability::ProcessCrash;
        const int closes = 5 + 7 * round;
        int pipe_ends[2] = {-1, -1};
        ASSERT_EQ(pipe(pipe_ends), 0);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            close(pipe_ends[0]);
            trade_until_killed(backend(), durability, bot, pipe_ends[1]);
        }
        close(pipe_ends[1]);
        const bool reported = wait_for_closes(pipe_ends[0], closes);
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        close(pipe_ends[0]);
        ASSERT_TRUE(reported) << "the writer stopped early, exit code "
                              << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        ASSERT_TRUE(WIFSIGNALED(status));

        auto reopened = backend().open();
        ASSERT_TRUE(reopened) << reopened.error().message;
        expect_only_whole_trades(**reopened, bot, closes);
    }
}

}  // namespace
}  // namespace osprey::store_tests
