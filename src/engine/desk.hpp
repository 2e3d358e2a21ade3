#pragma once
// The desk: many bots on one engine thread (the daemon's heart). Each bot
// has its own cash (engine/account.hpp), its own venue and its own record in
// the store; bars of one symbol, read once, go to every bot trading it.
//
// What a crash may not lose (DESIGN.md "Orders on real venues"):
// - an order is stored (state "sending") before its venue sees it;
// - an entry fill writes the position, a closing fill the trade, each in one
//   transaction with the order's new state;
// - each bot's progress (the last bar it acted on) is written once per tick
//   (flush()), after the bar's orders and fills.
// A restarted desk resumes every bot from the store: its position, its
// profit, its order in flight, and its progress. The bars up to the
// progress, and the bar an order in flight was decided on, only rebuild the
// strategy's indicators; a bar after it is acted on, so no bar is acted on
// twice and no order is sent twice. Progress may lag the orders by one bar
// (a crash inside a tick); acting on that bar again is harmless, because the
// bar's fills and orders are already in the store the bot resumed from.
//
// Store writes are synchronous on the engine thread: an order must be
// committed before it is sent anyway. At market pace that is nothing; in a
// replay as fast as it goes they are most of the engine's time (about three
// quarters in bench/desk_bench), the price of never losing a write.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/candle.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "engine/account.hpp"
#include "engine/bot.hpp"
#include "engine/ports/clock.hpp"
#include "engine/ports/journal.hpp"
#include "engine/ports/notifier.hpp"
#include "engine/ports/store.hpp"
#include "engine/ports/venue.hpp"

namespace osprey::engine {

// A bot as the user set it up (stored in BotRecord) and as the engine runs it.
struct BotSetup {
    BotRecord record;  // id, name, venue, symbol, strategy, amount...
    BotConfig config;  // exits, sizing, filters, gate (config.id == record.id)
    Timeframe timeframe{std::chrono::minutes(1)};  // of the bars it is fed
};

// What the API and chat commands show of a bot.
struct BotView {
    BotId id;
    std::string name;
    Symbol symbol;
    std::string strategy;
    bool position_open = false;
    PositionSide side = PositionSide::Long;
    double quantity = 0;
    double entry_price = 0;
    double last_price = 0;
    double pnl_pct = 0;  // of the open position at the last price, fees of the entry included
    double cash = 0;
    double equity = 0;  // cash + the open position at the last price
    double realized = 0;
    std::size_t trades = 0;  // closed since this start (all of them: the store)
    std::size_t wins = 0;
    Timestamp last_bar;
};

class Desk {
public:
    // `clock` times what is not about a bar: a bot starting or stopping.
    Desk(Store& store, Notifier& notifier, Journal& journal, const Clock& clock);
    Desk(const Desk&) = delete;
    Desk& operator=(const Desk&) = delete;
    Desk(Desk&&) = delete;
    Desk& operator=(Desk&&) = delete;
    ~Desk();

    // Starts (or restarts) a bot: resumes what the store remembers of it,
    // marks it running in the store, and tells the user. The strategy must
    // be readable from setup.timeframe (check_timeframes).
    Status start(const BotSetup& setup, std::unique_ptr<strategy::Strategy> strategy,
                 std::unique_ptr<Venue> venue);

    // Stops a bot (its position stays open, protected by nothing until it
    // starts again) and marks it stopped. `status` may be Faulted.
    void stop(BotId bot, BotStatus status = BotStatus::Stopped, std::string_view why = {});

    bool running(BotId bot) const;

    // A closed bar of `symbol` in `timeframe`, to every bot reading it.
    void on_bar(const Symbol& symbol, Timeframe timeframe, const Candle& bar);

    // Events that real venues reported on their own (fills of the exchange).
    void poll_venues();

    // Writes the progress of every bot that acted since the last flush, in
    // one transaction: once per tick of the market.
    Status flush();

    std::vector<BotView> view() const;
    // One running bot's (none: it is not running).
    std::optional<BotView> view(BotId bot) const;

    // Counters for benchmarks and the API.
    std::uint64_t bars_seen() const { return bars_seen_; }

    std::uint64_t orders_sent() const { return orders_sent_; }

private:
    struct Seat;
    class StoredVenue;

    static BotView view_of(BotId id, const Seat& seat);
    Status resume(Seat& seat);
    void act_on_bar(Seat& seat, const Candle& bar);
    void drain(Seat& seat);
    void apply(Seat& seat, const VenueEvent& event);
    void book_opening(Seat& seat, const Fill& fill);
    void book_closing(Seat& seat, const Fill& fill, std::size_t trades_before);
    void journal_decision(Seat& seat, const Candle& bar, std::size_t blocked_before);
    void snapshot_equity(Seat& seat, Timestamp at);
    void stop_faulted();
    void fault(Seat& seat, std::string_view what, const Error& error);
    void write(const Seat& seat, Timestamp at, std::string_view event, std::string_view fields);
    void tell(const Seat& seat, NoticeKind kind, Timestamp at, std::string title, std::string text);

    Store& store_;
    Notifier& notifier_;
    Journal& journal_;
    const Clock& clock_;
    void index_readers();

    std::map<BotId, std::unique_ptr<Seat>> seats_;
    // The bots reading each stream, in id order: rebuilt on start and stop,
    // so a bar reaches its readers without a look at every other bot.
    std::map<std::pair<Symbol, Timeframe>, std::vector<Seat*>> readers_;
    std::vector<VenueEvent> events_;     // reused: no allocation per bar
    std::vector<SignalRecord> signals_;  // this tick's, written by flush()
    std::uint64_t bars_seen_ = 0;
    std::uint64_t orders_sent_ = 0;
};

}  // namespace osprey::engine
