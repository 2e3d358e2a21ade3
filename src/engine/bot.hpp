#pragma once
// A bot: one strategy trading one symbol with its own cash, one position at
// a time (DESIGN.md "Positions and sizing"). It builds the timeframes its
// strategy reads from the bars it is fed, turns the strategy's signals into
// orders on its Venue, and books the fills that come back.
//
// Signals: BUY while flat opens a long, BUY while short closes the short;
// SELL while long closes the long, SELL while flat opens a short where
// shorting is allowed. Anything else, or any signal while an order is in
// flight, is ignored.
//
// Only the engine thread calls a Bot, so it has no locks.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/fill.hpp"
#include "core/signal.hpp"
#include "data/resample.hpp"
#include "engine/account.hpp"
#include "engine/ports/venue.hpp"
#include "risk/exit_plan.hpp"
#include "risk/position.hpp"
#include "risk/sizing.hpp"
#include "strategy/gate.hpp"
#include "strategy/strategy.hpp"

namespace osprey::engine {

enum class Shorting : std::uint8_t { Disabled, Allowed };

using risk::Compounding;
using risk::Sizing;

struct BotConfig {
    BotId id{1};
    risk::ExitRule exits;
    Shorting shorting = Shorting::Disabled;
    risk::Sizing sizing;
    risk::SymbolFilters filters;
    std::optional<strategy::RulesGate> gate;  // none: every signal may trade
};

// An entry signal that was not traded, and why: the gate rule that blocked
// it, a size too small to send, or the daily loss limit. Compact on purpose
// (a depleted account refuses every signal after it): the learning layer's
// phantom trades will take the full signal, features included, from a hook
// at the same place.
struct BlockedSignal {
    Timestamp at;  // the close of the bar it was decided on
    Direction direction = Direction::Hold;
    std::string_view reason;  // the gate rule, or a static refusal text
    double value = 0;         // what the gate rule saw (NaN: feature missing)
    double entry = 0;         // the price it would have entered near
};

inline constexpr std::string_view blocked_by_daily_loss_limit = "daily loss limit";

// What a restarted bot takes back from the store (the daemon's restart).
struct BotResume {
    // The open position's entry, with the quantity and cost still open.
    std::optional<Fill> entry;
    double realized = 0;  // the profit of every trade it closed
    std::uint64_t next_sequence = 1;
    // An order stored but not known to be final: the bot waits for it, as
    // it would have before the restart. An entry's budget stays reserved.
    std::optional<OrderRequest> in_flight;
};

// Whether a strategy's timeframes can be built from bars of `base`; `who`
// names the strategy in the error ("strategy 'scalp'").
Status check_timeframes(const strategy::Strategy& strategy, Timeframe base, std::string_view who);

class Bot {
public:
    // `base` is the timeframe of the bars fed to on_bar_closed; asserts that
    // check_timeframes passed. The bot trades with `account`'s cash.
    Bot(const BotConfig& config, std::unique_ptr<strategy::Strategy> strategy, Venue& venue,
        Timeframe base, Account& account);

    // One closed bar of the base timeframe: completes the strategy's bars,
    // asks it about each that closed, and acts on what it says about the
    // timeframe it trades.
    void on_bar_closed(const Candle& bar);
    void on_event(const VenueEvent& event);

    // A bar the bot acted on before a restart: the strategy sees it, to
    // rebuild its indicators, but nothing is decided.
    void warm_up(const Candle& bar);

    // Once, before any bar or event: takes back the restarted bot's
    // position, profit, order sequence and order in flight, and books them
    // in its account as its fills had.
    void resume(const BotResume& state);

    std::uint64_t next_sequence() const { return next_sequence_; }

    // An id for an exit the venue made on the bot's behalf (a stop or a
    // target it filled), so that its fill and trade have a key of their own.
    ClientOrderId take_order_id() { return ClientOrderId{config_.id, next_sequence_++}; }

    bool order_in_flight() const { return in_flight_.has_value(); }

    // The position valued at `price` (no exit fee deducted): what it adds to
    // the account's cash.
    double position_value(double price) const { return position_.value_at(price); }

    // The profit this bot has realized (what it may reinvest).
    double realized() const { return realized_; }

    const risk::Position& position() const { return position_; }

    std::span<const ClosedTrade> trades() const { return trades_; }

    std::span<const OrderRejected> rejections() const { return rejections_; }

    std::span<const BlockedSignal> blocked() const { return blocked_; }

    const Signal& last_signal() const { return signal_; }

    // Whether the last bar closed a bar of the traded timeframe, so that
    // last_signal() is a decision made on it (and not one made earlier).
    bool decided() const { return decided_; }

private:
    void feed(const Candle& bar, bool decide);
    void act(const Candle& bar);
    void open(Side side, const Candle& bar);
    void close(Side side);
    void on_fill(const Fill& fill);
    // True when the venue accepted the order.
    bool submit(OrderRequest order);
    void release_reservation();
    double entry_budget() const;
    // When a decision on `bar` (of the traded timeframe) is made: its close.
    Timestamp decided_at(const Candle& bar) const;
    void block(const Candle& bar, std::string_view reason, double value = 0);

    BotConfig config_;
    std::unique_ptr<strategy::Strategy> strategy_;
    Venue& venue_;
    Account& account_;

    // The strategy's timeframes, coarsest first and the traded one last,
    // each with the resampler that builds it (none for the base timeframe).
    struct Stream {  // NOLINT(cppcoreguidelines-pro-type-member-init): an aggregate, see ClosedBar
        Timeframe timeframe;
        std::optional<data::Resampler> resampler;
    };

    std::vector<Stream> streams_;
    double realized_ = 0;
    risk::Position position_;
    std::optional<ClientOrderId> in_flight_;
    double reserved_ = 0;  // the budget of an entry order in flight
    std::uint64_t next_sequence_ = 1;
    Signal signal_;
    bool decided_ = false;
    std::vector<ClosedTrade> trades_;
    std::vector<OrderRejected> rejections_;
    std::vector<BlockedSignal> blocked_;
};

}  // namespace osprey::engine
