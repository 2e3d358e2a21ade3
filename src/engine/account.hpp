#pragma once
// The cash a bot trades with. Each daemon bot has its own account, so a bot
// never spends another's cash even on one exchange account; a portfolio
// backtest gives all its symbols one account, with a limit on how many
// positions may be open at once.

#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/assert.hpp"
#include "core/timestamp.hpp"

namespace osprey::engine {

struct AccountLimits {
    std::size_t max_open_positions = 0;  // 0: no limit
    // New entries stop for the rest of the UTC day once the day's realized
    // loss reaches this % of the day's starting equity (0: no limit).
    double daily_loss_limit_pct = 0;
};

class Account {
public:
    explicit Account(double cash, AccountLimits limits = {}) : cash_(cash), limits_(limits) {}

    double cash() const { return cash_; }

    // Cash plus what the open positions cost: equity at book value, which
    // risk sizing takes its percentage of (no bot knows another's price).
    double book_equity() const { return cash_ + open_cost_; }

    void add_open_cost(double cost) { open_cost_ += cost; }

    void remove_open_cost(double cost) { open_cost_ -= cost; }

    // Cash not promised to an entry order still waiting for its fill.
    double available() const { return cash_ - reserved_; }

    void debit(double amount) { cash_ -= amount; }

    void credit(double amount) { cash_ += amount; }

    // An entry order takes a position slot and its budget as soon as it is
    // sent, so bots deciding on the same bar cannot overspend the cash or
    // the limit; its fill (or rejection) gives them back.
    void reserve_entry(double budget) {
        reserved_ += budget;
        ++pending_;
    }

    void release_entry(double budget) {
        OSPREY_ASSERT(pending_ > 0, "released an entry the account had not reserved");
        reserved_ -= budget;
        --pending_;
    }

    std::size_t open_positions() const { return open_; }

    bool has_limit() const { return limits_.max_open_positions > 0; }

    std::size_t free_slots() const {
        return limits_.max_open_positions > open_ + pending_
                   ? limits_.max_open_positions - open_ - pending_
                   : 0;
    }

    bool can_open() const { return !has_limit() || free_slots() > 0; }

    void on_opened() { ++open_; }

    // Called with the time of every decision and fill: the first call of a
    // new UTC day starts its loss count from the equity then.
    void on_time(Timestamp now) {
        const std::int64_t day = now.millis() / millis_per_day;
        if (day != day_) {
            day_ = day;
            day_start_equity_ = book_equity();
            day_realized_ = 0;
        }
    }

    void on_realized(double pnl) { day_realized_ += pnl; }

    // True once today's realized loss reached the daily limit.
    bool entries_halted() const {
        return limits_.daily_loss_limit_pct > 0
               && day_realized_ <= -limits_.daily_loss_limit_pct / 100.0 * day_start_equity_;
    }

    void on_closed() {
        OSPREY_ASSERT(open_ > 0, "closed a position the account did not know was open");
        --open_;
    }

private:
    static constexpr std::int64_t millis_per_day = 86'400'000;

    double cash_;
    double open_cost_ = 0;
    AccountLimits limits_;
    std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
    double day_start_equity_ = 0;
    double day_realized_ = 0;
    double reserved_ = 0;
    std::size_t open_ = 0;
    std::size_t pending_ = 0;
};

}  // namespace osprey::engine
