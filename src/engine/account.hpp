#pragma once
// The cash a bot trades with. Each daemon bot has its own account, so a bot
// never spends another's cash even on one exchange account; a portfolio
// backtest gives all its symbols one account, with a limit on how many
// positions may be open at once.

#include <cstddef>

#include "core/assert.hpp"

namespace osprey::engine {

class Account {
public:
    // `max_open_positions` 0: no limit.
    explicit Account(double cash, std::size_t max_open_positions = 0)
        : cash_(cash), max_open_(max_open_positions) {}

    double cash() const { return cash_; }

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

    bool has_limit() const { return max_open_ > 0; }

    std::size_t free_slots() const {
        return max_open_ > open_ + pending_ ? max_open_ - open_ - pending_ : 0;
    }

    bool can_open() const { return !has_limit() || free_slots() > 0; }

    void on_opened() { ++open_; }

    void on_closed() {
        OSPREY_ASSERT(open_ > 0, "closed a position the account did not know was open");
        --open_;
    }

private:
    double cash_;
    double reserved_ = 0;
    std::size_t max_open_;
    std::size_t open_ = 0;
    std::size_t pending_ = 0;
};

}  // namespace osprey::engine
