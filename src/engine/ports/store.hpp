#pragma once
// The Store port: what the daemon keeps so that a crash loses nothing
// (DESIGN.md "Orders on real venues", "Positions and sizing"). SQLite and
// PostgreSQL implement it (src/store/); the engine sees only this interface.
//
// The crash-recovery contract:
// - record_order_intent commits an order, with its client order id, BEFORE
//   the request is sent. After a restart, load_open_state returns every
//   order not known to be final ("sending", "open", "unknown"...), which
//   the daemon looks up on the venue by client order id before resending.
// - record_fill is idempotent on (venue, fill id): a fill replayed by the
//   user stream or a REST backfill is stored once.
// - open_position and close_trade write the fills, the order's new state,
//   the position and (for a close) the trade in ONE transaction, so a crash
//   or a failed write leaves either all of it or none of it. A trade is
//   keyed by its closing order, so replaying a close never counts it twice.
//
// Exchange-facing amounts are exact decimals; candles and signal levels are
// doubles, as in the rest of the engine (core/candle.hpp). A Store is used
// by one thread (the daemon's store writer); it has no locks.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/side.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "core/timestamp.hpp"
#include "engine/ports/venue.hpp"

namespace osprey::engine {

enum class BotStatus : std::uint8_t { Stopped, Running, Faulted };

// Sending: stored, maybe not yet at the venue. Unknown: sent, but the answer
// was lost (a timeout). Both must be looked up before anything is resent.
enum class OrderState : std::uint8_t {
    Sending,
    Open,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    Unknown
};

enum class EventLevel : std::uint8_t { Info, Warning, Error };

// What a commit survives when it returns. PowerLoss (the default) waits for
// the disk on every commit; ProcessCrash lets the operating system write it
// out shortly after (SQLite synchronous=NORMAL in WAL mode, PostgreSQL
// synchronous_commit=off): a killed process loses nothing, a power cut may
// lose the last fraction of a second, for several times the throughput.
enum class Durability : std::uint8_t { PowerLoss, ProcessCrash };

constexpr bool is_final(OrderState state) {
    return state == OrderState::Filled || state == OrderState::Cancelled
           || state == OrderState::Rejected;
}

struct BotRecord {
    BotId id;
    std::string name;
    std::string venue;  // "binance", "bybit", "paper"...
    Symbol symbol;
    std::string strategy;
    std::string parameters;  // the strategy's parameters as the user gave them (JSON text)
    Decimal amount;          // the quote amount of the first entry
    BotStatus status = BotStatus::Stopped;
    Timestamp created;

    friend bool operator==(const BotRecord&, const BotRecord&) = default;
};

struct OrderRecord {
    ClientOrderId id;
    std::string venue;
    Symbol symbol;
    Side side = Side::Buy;
    OrderIntent intent = OrderIntent::Open;
    Quantity quantity;     // zero: the quote amount decides
    Decimal quote_amount;  // zero: the quantity decides
    Price price;           // zero: a market order
    OrderState state = OrderState::Sending;
    std::string venue_order_id;  // empty until the venue answers
    Quantity filled;
    std::string error;  // why it was rejected, if it was
    Timestamp created;
    Timestamp updated;

    friend bool operator==(const OrderRecord&, const OrderRecord&) = default;
};

// What the venue said about an order since it was stored.
struct OrderUpdate {
    ClientOrderId id;
    OrderState state = OrderState::Open;
    std::string venue_order_id;
    Quantity filled;
    std::string error;
    Timestamp at;
};

struct FillRecord {
    std::string venue;
    std::string fill_id;  // the venue's trade (execution) id
    ClientOrderId order;
    Symbol symbol;
    Side side = Side::Buy;
    Price price;
    Quantity quantity;
    Decimal fee;
    std::string fee_asset;
    Timestamp time;

    friend bool operator==(const FillRecord&, const FillRecord&) = default;
};

// A bot's open position in one symbol (one per bot and symbol).
struct PositionRecord {
    BotId bot;
    Symbol symbol;
    PositionSide side = PositionSide::Long;
    Quantity quantity;
    Price entry_price;
    Decimal entry_cost;  // quote spent (or locked), fee included
    Price stop;          // zero: none
    Price take_profit;   // zero: none
    ClientOrderId entry_order;
    Timestamp opened;

    friend bool operator==(const PositionRecord&, const PositionRecord&) = default;
};

// A closed round trip, keyed by the order that closed it.
struct TradeRecord {
    ClientOrderId entry_order;
    ClientOrderId exit_order;
    Symbol symbol;
    PositionSide side = PositionSide::Long;
    Timestamp entry_time;
    Price entry_price;
    Timestamp exit_time;
    Price exit_price;
    Quantity quantity;
    Decimal entry_cost;
    Decimal pnl;
    ExitReason exit_reason = ExitReason::Signal;

    friend bool operator==(const TradeRecord&, const TradeRecord&) = default;
};

// Everything an entry fill changes, written together.
struct PositionOpening {
    PositionRecord position;
    std::vector<FillRecord> fills;
    std::optional<OrderUpdate> entry_order;
};

// Everything a closing fill changes, written together. `remaining` is the
// position left after a partial close (none: the bot is flat).
struct TradeClosing {
    TradeRecord trade;
    std::vector<FillRecord> fills;
    std::optional<OrderUpdate> exit_order;
    std::optional<PositionRecord> remaining;
    // An exit the venue made itself (a stop or target it filled) has no
    // order stored before: it is stored here, filled, with the trade.
    std::optional<OrderRecord> venue_exit;
};

// What a bot needs to resume after a restart.
struct OpenState {
    std::vector<PositionRecord> positions;
    std::vector<OrderRecord> unfinished_orders;  // not final: look them up on the venue
    std::uint64_t next_sequence = 1;             // above every order the bot ever stored
};

// The open time of the last bar a bot acted on (see 0002_bot_progress.sql).
struct BotProgress {
    BotId bot;
    Timestamp last_bar;

    friend bool operator==(const BotProgress&, const BotProgress&) = default;
};

struct CandleSeries {
    std::string venue;
    Symbol symbol;
    Timeframe timeframe{std::chrono::minutes(1)};
};

struct NamedFeature {
    std::string name;
    double value = 0;

    friend bool operator==(const NamedFeature&, const NamedFeature&) = default;
};

// A signal as stored: what the strategy said, whether it was traded, and
// its features (the learning layer's input). Unset levels are NaN.
struct SignalRecord {
    BotId bot;
    Symbol symbol;
    Timestamp at;
    Direction direction = Direction::Hold;
    std::string reason;
    double entry = Signal::unset;
    double stop = Signal::unset;
    std::array<double, 3> take_profit{Signal::unset, Signal::unset, Signal::unset};
    double confidence = Signal::unset;
    Quality quality = Quality::None;
    bool executed = false;
    std::vector<NamedFeature> features;
};

inline SignalRecord signal_record(BotId bot, Symbol symbol, Timestamp at, const Signal& signal,
                                  bool executed) {
    SignalRecord record{.bot = bot,
                        .symbol = symbol,
                        .at = at,
                        .direction = signal.direction,
                        .reason = std::string(signal.reason),
                        .entry = signal.entry,
                        .stop = signal.stop,
                        .take_profit = signal.take_profit,
                        .confidence = signal.confidence,
                        .quality = signal.quality,
                        .executed = executed,
                        .features = {}};
    record.features.reserve(signal.features.size());
    for (const Feature& feature : signal.features) {
        record.features.push_back({std::string(feature.name), feature.value});
    }
    return record;
}

// Bot zero: the whole account.
struct EquitySnapshot {
    BotId bot;
    Timestamp at;
    Decimal cash;
    Decimal equity;

    friend bool operator==(const EquitySnapshot&, const EquitySnapshot&) = default;
};

struct EventRecord {
    Timestamp at;
    BotId bot;  // zero: not about one bot
    EventLevel level = EventLevel::Info;
    std::string kind;  // "started", "order_rejected", "reconnected"...
    std::string message;

    friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

class Store {
public:
    virtual ~Store() = default;
    Store() = default;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    Store(Store&&) = delete;
    Store& operator=(Store&&) = delete;

    // The newest migration applied (migrations run when a store opens).
    virtual Result<int> schema_version() = 0;

    virtual Status save_bot(const BotRecord& bot) = 0;  // insert or replace
    virtual Result<std::vector<BotRecord>> load_bots() = 0;
    virtual Status remove_bot(BotId bot) = 0;  // its history stays

    // Committed before the order is sent; Conflict if the id was stored before.
    virtual Status record_order_intent(const OrderRecord& order) = 0;
    // NotFound if the order was never stored.
    virtual Status update_order(const OrderUpdate& update) = 0;
    virtual Result<std::optional<OrderRecord>> find_order(ClientOrderId id) = 0;

    // True when the fill is new, false when (venue, fill id) was stored before.
    virtual Result<bool> record_fill(const FillRecord& fill) = 0;
    virtual Result<std::vector<FillRecord>> load_fills(ClientOrderId order) = 0;

    virtual Status open_position(const PositionOpening& opening) = 0;
    // True when the trade is new, false (and nothing written) when its
    // closing order already closed a trade.
    virtual Result<bool> close_trade(const TradeClosing& closing) = 0;
    virtual Result<std::vector<TradeRecord>> load_trades(BotId bot) = 0;
    virtual Result<OpenState> load_open_state(BotId bot) = 0;

    // Insert or replace, all in one transaction.
    virtual Status save_progress(std::span<const BotProgress> progress) = 0;
    // What one tick of the market decided: the signals (appended) and each
    // bot's progress (replaced), in one transaction.
    virtual Status save_tick(std::span<const BotProgress> progress,
                             std::span<const SignalRecord> signals) = 0;
    // None: the bot has not acted on any bar yet.
    virtual Result<std::optional<Timestamp>> load_progress(BotId bot) = 0;

    // Insert or replace, by open time.
    virtual Status save_candles(const CandleSeries& series, std::span<const Candle> candles) = 0;
    // Candles opening in [from, to), oldest first.
    virtual Result<std::vector<Candle>> load_candles(const CandleSeries& series, Timestamp from,
                                                     Timestamp to) = 0;

    virtual Status record_signal(const SignalRecord& signal) = 0;
    virtual Result<std::vector<SignalRecord>> load_signals(BotId bot, Timestamp from,
                                                           Timestamp to) = 0;

    virtual Status record_equity(const EquitySnapshot& snapshot) = 0;
    virtual Result<std::vector<EquitySnapshot>> load_equity(BotId bot, Timestamp from,
                                                            Timestamp to) = 0;

    virtual Status record_event(const EventRecord& event) = 0;
    // The newest `limit` events, oldest first.
    virtual Result<std::vector<EventRecord>> load_events(std::size_t limit) = 0;
};

// The text forms stored in the database (and shown by the API).
constexpr std::string_view to_string(BotStatus status) {
    switch (status) {
        case BotStatus::Stopped: return "stopped";
        case BotStatus::Running: return "running";
        case BotStatus::Faulted: return "faulted";
    }
    return "unknown";
}

constexpr std::string_view to_string(OrderState state) {
    switch (state) {
        case OrderState::Sending: return "sending";
        case OrderState::Open: return "open";
        case OrderState::PartiallyFilled: return "partially_filled";
        case OrderState::Filled: return "filled";
        case OrderState::Cancelled: return "cancelled";
        case OrderState::Rejected: return "rejected";
        case OrderState::Unknown: return "unknown";
    }
    return "unknown";
}

constexpr std::string_view to_string(EventLevel level) {
    switch (level) {
        case EventLevel::Info: return "info";
        case EventLevel::Warning: return "warning";
        case EventLevel::Error: return "error";
    }
    return "unknown";
}

constexpr std::string_view to_string(OrderIntent intent) {
    return intent == OrderIntent::Open ? "open" : "close";
}

// The enumerator of E whose text is `text`, trying 0..last: the inverse of
// to_string for the small enums above and in core.
template <class E>
constexpr std::optional<E> parse_text(std::string_view text, E last) {
    for (int value = 0; value <= static_cast<int>(last); ++value) {
        const auto candidate = static_cast<E>(value);
        if (to_string(candidate) == text) {
            return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace osprey::engine
