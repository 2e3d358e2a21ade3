#include "engine/desk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::engine {

namespace {

constexpr std::int64_t nanos_per_hour = 3'600'000'000'000;

// The store keeps exact decimals; the engine's paper amounts are doubles.
// The most digits that fit an int64 keep the double's 15-16 significant ones.
Decimal exact(double x) {
    const double magnitude = std::fabs(x);
    int scale = Decimal::max_scale;
    if (magnitude >= 1) {
        scale = std::clamp(17 - static_cast<int>(std::floor(std::log10(magnitude))), 0,
                           Decimal::max_scale);
    }
    return Decimal::from_double(x, scale);
}

Price price_of(double x) {
    return Price(exact(x));
}

Quantity quantity_of(double x) {
    return Quantity(exact(x));
}

std::string fill_id(ClientOrderId order) {
    return fmt::format("{}-{}", order.bot.value(), order.sequence);
}

// The plan a resumed position keeps: its stored stop and first target, and
// the bot's trailing stop.
risk::ExitPlan stored_plan(const PositionRecord& position, const risk::ExitRule& rule) {
    risk::ExitPlan plan;
    const double entry = position.entry_price.to_double();
    const double stop = position.stop.to_double();
    const double target = position.take_profit.to_double();
    if (entry > 0 && stop > 0) {
        plan.stop_fraction = std::fabs(entry - stop) / entry;
    }
    if (entry > 0 && target > 0) {
        plan.target_fractions[0] = std::fabs(target - entry) / entry;
        plan.target_count = 1;
    }
    plan.trailing_fraction = rule.trailing_stop_pct / 100.0;
    return plan;
}

}  // namespace

struct Desk::Seat {
    Seat(BotSetup s, double cash) : setup(std::move(s)), account(cash) {}

    BotSetup setup;
    Account account;
    std::unique_ptr<Venue> venue;
    std::unique_ptr<StoredVenue> stored;
    std::unique_ptr<Bot> bot;
    std::optional<Timestamp> progress;  // the last bar acted on
    bool dirty = false;
    bool faulted = false;
    Timestamp now;  // the close of the bar being acted on
    double last_price = 0;
    Timestamp last_bar;
    std::int64_t last_hour = std::numeric_limits<std::int64_t>::min();
    ClientOrderId entry_order;  // of the open position
    risk::ExitPlan entry_plan;  // of the entry order in flight
    std::size_t trades = 0;
    std::size_t wins = 0;
};

// Stores each order before the real venue sees it, and its answer after.
class Desk::StoredVenue final : public Venue {
public:
    StoredVenue(Desk& desk, Seat& seat) : desk_(desk), seat_(seat) {}

    Status submit(const OrderRequest& order) override {
        const BotRecord& bot = seat_.setup.record;
        OrderRecord record{.id = order.id,
                           .venue = bot.venue,
                           .symbol = bot.symbol,
                           .side = order.side,
                           .intent = order.intent,
                           .quantity = quantity_of(order.quantity),
                           .quote_amount = exact(order.quote_amount),
                           .price = Price{},
                           .state = OrderState::Sending,
                           .venue_order_id = {},
                           .filled = Quantity{},
                           .error = {},
                           .created = seat_.now,
                           .updated = seat_.now};
        if (Status stored = desk_.store_.record_order_intent(record); !stored) {
            desk_.fault(seat_, "storing an order", stored.error());
            return stored;
        }
        Status accepted = seat_.venue->submit(order);
        OrderUpdate update{.id = order.id,
                           .state = accepted ? OrderState::Open : OrderState::Rejected,
                           .venue_order_id = {},
                           .filled = Quantity{},
                           .error = accepted ? std::string() : accepted.error().message,
                           .at = seat_.now};
        if (Status stored = desk_.store_.update_order(update); !stored) {
            desk_.fault(seat_, "storing an order's answer", stored.error());
        }
        if (accepted) {
            ++desk_.orders_sent_;
            if (order.intent == OrderIntent::Open) {
                seat_.entry_plan = order.exits;
            }
            desk_.write(seat_, seat_.now, "order",
                        fmt::format(R"("side":"{}","intent":"{}","quote_amount":{},"quantity":{})",
                                    to_string(order.side), to_string(order.intent),
                                    order.quote_amount, order.quantity));
        }
        return accepted;
    }

    void take_events(std::vector<VenueEvent>& out) override { seat_.venue->take_events(out); }

private:
    Desk& desk_;
    Seat& seat_;
};

Desk::Desk(Store& store, Notifier& notifier, Journal& journal, const Clock& clock)
    : store_(store), notifier_(notifier), journal_(journal), clock_(clock) {
    events_.reserve(16);
}

Desk::~Desk() = default;

Status Desk::start(const BotSetup& setup, std::unique_ptr<strategy::Strategy> strategy,
                   std::unique_ptr<Venue> venue) {
    const BotId id = setup.record.id;
    OSPREY_ASSERT(setup.config.id == id, "a bot's config carries its id");
    if (seats_.contains(id)) {
        return fail(ErrorCode::Conflict, fmt::format("bot {} is already running", id.value()));
    }
    auto seat = std::make_unique<Seat>(setup, setup.record.amount.to_double());
    seat->venue = std::move(venue);
    seat->stored = std::make_unique<StoredVenue>(*this, *seat);
    seat->bot = std::make_unique<Bot>(setup.config, std::move(strategy), *seat->stored,
                                      setup.timeframe, seat->account);
    if (Status resumed = resume(*seat); !resumed) {
        return resumed;
    }
    BotRecord record = setup.record;
    record.status = BotStatus::Running;
    if (Status saved = store_.save_bot(record); !saved) {
        return saved;
    }
    Seat& started = *seats_.emplace(id, std::move(seat)).first->second;
    index_readers();
    const Timestamp at = clock_.now();
    write(started, at, "start",
          fmt::format(R"("symbol":{},"strategy":{},"cash":{},"position":{})",
                      json_string(record.symbol.view()), json_string(record.strategy),
                      started.account.cash(), started.bot->position().is_open()));
    static_cast<void>(store_.record_event(EventRecord{at, id, EventLevel::Info, "started", ""}));
    tell(started, NoticeKind::BotStarted, at, fmt::format("{} started", record.name),
         fmt::format("{} on {}, cash {:.2f}", record.strategy, record.symbol.view(),
                     started.account.cash()));
    return {};
}

Status Desk::resume(Seat& seat) {
    const BotId id = seat.setup.record.id;
    auto state = store_.load_open_state(id);
    auto trades = store_.load_trades(id);
    auto progress = store_.load_progress(id);
    if (!state || !trades || !progress) {
        return fail(!state ? state.error() : !trades ? trades.error() : progress.error());
    }
    BotResume resume;
    resume.next_sequence = state->next_sequence;
    for (const TradeRecord& trade : *trades) {
        resume.realized += trade.pnl.to_double();
        seat.wins += trade.pnl.to_double() > 0 ? 1U : 0U;
    }
    seat.trades = trades->size();
    seat.progress = *progress;
    std::optional<HeldPosition> held;
    for (const PositionRecord& position : state->positions) {
        if (position.symbol != seat.setup.record.symbol) {
            continue;
        }
        const Side side = position.side == PositionSide::Long ? Side::Buy : Side::Sell;
        resume.entry = Fill{position.entry_order,
                            side,
                            position.opened,
                            position.entry_price.to_double(),
                            position.quantity.to_double(),
                            position.entry_cost.to_double(),
                            0,
                            ExitReason::Signal};
        held = HeldPosition{position.entry_order,
                            position.side,
                            position.quantity.to_double(),
                            position.entry_price.to_double(),
                            position.opened,
                            stored_plan(position, seat.setup.config.exits)};
        seat.entry_order = position.entry_order;
    }
    // The newest unfinished order is the one in flight; one that no longer
    // fits the position (or an older one) can never fill: it is cancelled.
    std::optional<OrderRequest> in_flight;
    std::vector<OrderRecord> orders = state->unfinished_orders;
    std::sort(orders.begin(), orders.end(),
              [](const OrderRecord& a, const OrderRecord& b) { return a.id < b.id; });
    for (std::size_t i = 0; i < orders.size(); ++i) {
        const OrderRecord& order = orders[i];
        const bool fits = (order.intent == OrderIntent::Open) == !held.has_value();
        if (i + 1 == orders.size() && fits && order.symbol == seat.setup.record.symbol) {
            in_flight = OrderRequest{order.id,
                                     order.side,
                                     order.intent,
                                     order.quote_amount.to_double(),
                                     order.quantity.to_double(),
                                     risk::plan_from_rule(seat.setup.config.exits)};
            seat.entry_plan = in_flight->exits;
            // It was decided at the close of the bar before `created`.
            const Timestamp decided_on = order.created - seat.setup.timeframe.span();
            seat.progress = std::max(seat.progress.value_or(decided_on), decided_on);
            continue;
        }
        const OrderUpdate cancelled{order.id,
                                    OrderState::Cancelled,
                                    order.venue_order_id,
                                    order.filled,
                                    "cancelled at restart: superseded",
                                    order.created};
        if (Status stored = store_.update_order(cancelled); !stored) {
            return stored;
        }
    }
    resume.in_flight = in_flight;
    seat.bot->resume(resume);
    seat.venue->resume(held, in_flight);
    return {};
}

void Desk::stop(BotId bot, BotStatus status, std::string_view why) {
    auto found = seats_.find(bot);
    if (found == seats_.end()) {
        return;
    }
    Seat& seat = *found->second;
    if (seat.dirty && seat.progress) {
        const BotProgress progress{bot, *seat.progress};
        static_cast<void>(store_.save_progress(std::span(&progress, 1)));
    }
    BotRecord record = seat.setup.record;
    record.status = status;
    static_cast<void>(store_.save_bot(record));
    const Timestamp at = clock_.now();
    write(seat, at, "stop",
          fmt::format(R"("status":"{}","why":{})", to_string(status), json_string(why)));
    tell(seat, NoticeKind::BotStopped, at, fmt::format("{} {}", record.name, to_string(status)),
         std::string(why));
    seats_.erase(found);
    index_readers();
}

bool Desk::running(BotId bot) const {
    return seats_.contains(bot);
}

void Desk::index_readers() {
    readers_.clear();
    for (auto& [id, seat] : seats_) {
        readers_[{seat->setup.record.symbol, seat->setup.timeframe}].push_back(seat.get());
    }
}

void Desk::on_bar(const Symbol& symbol, Timeframe timeframe, const Candle& bar) {
    ++bars_seen_;
    const auto readers = readers_.find({symbol, timeframe});
    if (readers == readers_.end()) {
        return;
    }
    bool faulted = false;
    for (Seat* seat : readers->second) {
        if (seat->progress && bar.open_time <= *seat->progress) {
            seat->bot->warm_up(bar);  // acted on before a restart
            continue;
        }
        act_on_bar(*seat, bar);
        faulted = faulted || seat->faulted;
    }
    if (faulted) {
        stop_faulted();
    }
}

void Desk::stop_faulted() {
    std::vector<BotId> stopped;
    for (const auto& [id, seat] : seats_) {
        if (seat->faulted) {
            stopped.push_back(id);
        }
    }
    for (const BotId id : stopped) {
        stop(id, BotStatus::Faulted, "a store write failed; see the events");
    }
}

void Desk::act_on_bar(Seat& seat, const Candle& bar) {
    seat.now = bar.open_time;
    seat.venue->on_bar(bar);
    drain(seat);
    seat.now = bar.open_time + seat.setup.timeframe.span();
    seat.last_price = bar.close;
    seat.last_bar = bar.open_time;
    const std::size_t blocked_before = seat.bot->blocked().size();
    const std::uint64_t sent_before = orders_sent_;
    seat.bot->on_bar_closed(bar);
    const Signal& signal = seat.bot->last_signal();
    if (seat.bot->decided() && signal.direction != Direction::Hold) {
        // Written with the tick's progress (flush), in one transaction.
        signals_.push_back(signal_record(seat.setup.record.id, seat.setup.record.symbol, seat.now,
                                         signal, orders_sent_ != sent_before));
    }
    journal_decision(seat, bar, blocked_before);
    snapshot_equity(seat, bar.open_time);
    seat.progress = bar.open_time;
    seat.dirty = true;
}

void Desk::poll_venues() {
    bool faulted = false;
    for (auto& [id, seat] : seats_) {
        drain(*seat);
        faulted = faulted || seat->faulted;
    }
    if (faulted) {
        stop_faulted();
    }
}

void Desk::drain(Seat& seat) {
    events_.clear();
    seat.venue->take_events(events_);
    for (const VenueEvent& event : events_) {
        apply(seat, event);
    }
}

void Desk::apply(Seat& seat, const VenueEvent& event) {
    Bot& bot = *seat.bot;
    if (const auto* rejected = std::get_if<OrderRejected>(&event)) {
        bot.on_event(event);
        const OrderUpdate update{rejected->id, OrderState::Rejected,    {},
                                 Quantity{},   rejected->error.message, seat.now};
        if (Status stored = store_.update_order(update); !stored) {
            fault(seat, "storing a rejection", stored.error());
        }
        write(seat, seat.now, "rejected",
              fmt::format(R"("order":{},"error":{})", rejected->id.sequence,
                          json_string(rejected->error.message)));
        return;
    }
    const Fill& fill = std::get<Fill>(event);
    write(seat, fill.time, "fill",
          fmt::format(R"("order":{},"side":"{}","price":{},"quantity":{},"fee":{},"reason":"{}")",
                      fill.order.sequence, to_string(fill.side), fill.price, fill.quantity,
                      fill.fee, to_string(fill.exit_reason)));
    const bool was_open = bot.position().is_open();
    const std::size_t trades_before = bot.trades().size();
    bot.on_event(event);
    if (!was_open && bot.position().is_open()) {
        book_opening(seat, fill);
    } else if (bot.trades().size() > trades_before) {
        book_closing(seat, fill, trades_before);
    }
}

void Desk::book_opening(Seat& seat, const Fill& fill) {
    const BotRecord& record = seat.setup.record;
    const risk::Position& position = seat.bot->position();
    const risk::ExitPlan& plan = seat.entry_plan;
    const PositionSide side = position.side();
    PositionOpening opening;
    opening.position = PositionRecord{
        .bot = record.id,
        .symbol = record.symbol,
        .side = side,
        .quantity = quantity_of(fill.quantity),
        .entry_price = price_of(fill.price),
        .entry_cost = exact(fill.quote_amount),
        .stop = plan.stop_fraction > 0
                    ? price_of(risk::stop_price(fill.price, plan.stop_fraction, side))
                    : Price{},
        .take_profit = plan.target_count > 0 ? price_of(
                           risk::target_price(fill.price, plan.target_fractions[0], side))
                                             : Price{},
        .entry_order = fill.order,
        .opened = fill.time};
    opening.fills.push_back(FillRecord{record.venue, fill_id(fill.order), fill.order, record.symbol,
                                       fill.side, price_of(fill.price), quantity_of(fill.quantity),
                                       exact(fill.fee), "quote", fill.time});
    opening.entry_order =
        OrderUpdate{fill.order, OrderState::Filled, {}, quantity_of(fill.quantity), {}, fill.time};
    if (Status stored = store_.open_position(opening); !stored) {
        fault(seat, "storing a position", stored.error());
        return;
    }
    seat.entry_order = fill.order;
    const std::string_view side_text = to_string(side);
    write(
        seat, fill.time, "opened",
        fmt::format(R"("side":"{}","price":{},"quantity":{},"cost":{},"stop":{},"take_profit":{})",
                    side_text, fill.price, fill.quantity, fill.quote_amount,
                    opening.position.stop.to_double(), opening.position.take_profit.to_double()));
    tell(seat, NoticeKind::TradeOpened, fill.time,
         fmt::format("{} {} {} opened", record.name, record.symbol.view(), side_text),
         fmt::format("{} {} at {} for {:.2f}", side_text, fill.quantity, fill.price,
                     fill.quote_amount));
}

void Desk::book_closing(Seat& seat, const Fill& fill, std::size_t trades_before) {
    const BotRecord& record = seat.setup.record;
    Bot& bot = *seat.bot;
    // A stop or target the venue filled itself has no order of the bot's:
    // it gets one now, stored as filled, so the fill and trade have a key.
    ClientOrderId exit_order = fill.order;
    std::optional<OrderUpdate> exit_update;
    std::optional<OrderRecord> venue_exit;
    if (fill.order == seat.entry_order) {
        exit_order = bot.take_order_id();
        venue_exit = OrderRecord{.id = exit_order,
                                 .venue = record.venue,
                                 .symbol = record.symbol,
                                 .side = fill.side,
                                 .intent = OrderIntent::Close,
                                 .quantity = quantity_of(fill.quantity),
                                 .quote_amount = Decimal{},
                                 .price = price_of(fill.price),
                                 .state = OrderState::Filled,
                                 .venue_order_id = {},
                                 .filled = quantity_of(fill.quantity),
                                 .error = {},
                                 .created = fill.time,
                                 .updated = fill.time};
    } else {
        exit_update = OrderUpdate{fill.order, OrderState::Filled, {}, quantity_of(fill.quantity),
                                  {},         fill.time};
    }
    for (std::size_t i = trades_before; i < bot.trades().size(); ++i) {
        const ClosedTrade& trade = bot.trades()[i];
        TradeClosing closing;
        closing.trade = TradeRecord{seat.entry_order,
                                    exit_order,
                                    record.symbol,
                                    trade.quantity < 0 ? PositionSide::Short : PositionSide::Long,
                                    trade.entry_time,
                                    price_of(trade.entry_price),
                                    trade.exit_time,
                                    price_of(trade.exit_price),
                                    quantity_of(std::fabs(trade.quantity)),
                                    exact(trade.entry_cost),
                                    exact(trade.pnl),
                                    trade.exit_reason};
        closing.fills.push_back(FillRecord{
            record.venue, fill_id(exit_order), exit_order, record.symbol, fill.side,
            price_of(fill.price), quantity_of(fill.quantity), exact(fill.fee), "quote", fill.time});
        closing.exit_order = exit_update;
        closing.venue_exit = std::exchange(venue_exit, std::nullopt);
        if (bot.position().is_open()) {
            const risk::Position& left = bot.position();
            PositionRecord remaining{.bot = record.id,
                                     .symbol = record.symbol,
                                     .side = left.side(),
                                     .quantity = quantity_of(left.quantity()),
                                     .entry_price = price_of(left.entry_price()),
                                     .entry_cost = exact(left.remaining_cost()),
                                     .stop = Price{},
                                     .take_profit = Price{},
                                     .entry_order = seat.entry_order,
                                     .opened = trade.entry_time};
            closing.remaining = remaining;
        }
        auto stored = store_.close_trade(closing);
        if (!stored) {
            fault(seat, "storing a trade", stored.error());
            return;
        }
        ++seat.trades;
        seat.wins += trade.pnl > 0 ? 1U : 0U;
        write(seat, fill.time, "trade",
              fmt::format(R"("side":"{}","entry":{},"exit":{},"quantity":{},"pnl":{},)"
                          R"("pnl_pct":{},"reason":"{}")",
                          to_string(closing.trade.side), trade.entry_price, trade.exit_price,
                          std::fabs(trade.quantity), trade.pnl, trade.return_pct(),
                          to_string(trade.exit_reason)));
        tell(seat, NoticeKind::TradeClosed, fill.time,
             fmt::format("{} {} closed: {:+.2f} ({:+.2f}%)", record.name, record.symbol.view(),
                         trade.pnl, trade.return_pct()),
             fmt::format("{} → {} ({})", trade.entry_price, trade.exit_price,
                         to_string(trade.exit_reason)));
    }
    snapshot_equity(seat, fill.time);
}

void Desk::journal_decision(Seat& seat, const Candle& bar, std::size_t blocked_before) {
    const Signal& signal = seat.bot->last_signal();
    const bool signalled = seat.bot->decided() && signal.direction != Direction::Hold;
    if (signalled) {
        write(seat, seat.now, "signal",
              fmt::format(R"("direction":"{}","reason":{},"price":{})",
                          signal.direction == Direction::Buy ? "buy" : "sell",
                          json_string(signal.reason), bar.close));
    }
    for (std::size_t i = blocked_before; i < seat.bot->blocked().size(); ++i) {
        write(seat, seat.now, "blocked",
              fmt::format(R"("reason":{})", json_string(seat.bot->blocked()[i].reason)));
    }
    const std::int64_t hour = bar.open_time.nanos() / nanos_per_hour;
    if (hour == seat.last_hour && !signalled) {
        return;  // position and waiting lines once an hour of market time
    }
    const risk::Position& position = seat.bot->position();
    if (position.is_open()) {
        write(seat, seat.now, "position",
              fmt::format(R"("side":"{}","entry":{},"price":{},"pnl_pct":{:.4f})",
                          to_string(position.side()), position.entry_price(), bar.close,
                          position.open_pnl_pct(bar.close)));
    } else {
        write(seat, seat.now, "waiting", fmt::format(R"("price":{})", bar.close));
    }
}

void Desk::snapshot_equity(Seat& seat, Timestamp at) {
    const std::int64_t hour = at.nanos() / nanos_per_hour;
    if (hour == seat.last_hour) {
        return;
    }
    seat.last_hour = hour;
    const double cash = seat.account.cash();
    const double equity = cash + seat.bot->position_value(seat.last_price);
    static_cast<void>(
        store_.record_equity(EquitySnapshot{seat.setup.record.id, at, exact(cash), exact(equity)}));
}

Status Desk::flush() {
    std::vector<BotProgress> progress;
    for (auto& [id, seat] : seats_) {
        if (seat->dirty && seat->progress) {
            progress.push_back(BotProgress{id, *seat->progress});
            seat->dirty = false;
        }
    }
    if (progress.empty() && signals_.empty()) {
        return {};
    }
    Status saved = store_.save_tick(progress, signals_);
    signals_.clear();
    return saved;
}

BotView Desk::view_of(BotId id, const Seat& seat) {
    const risk::Position& position = seat.bot->position();
    return BotView{.id = id,
                   .name = seat.setup.record.name,
                   .symbol = seat.setup.record.symbol,
                   .strategy = seat.setup.record.strategy,
                   .position_open = position.is_open(),
                   .side = position.side(),
                   .quantity = position.quantity(),
                   .entry_price = position.entry_price(),
                   .last_price = seat.last_price,
                   .pnl_pct = position.open_pnl_pct(seat.last_price),
                   .cash = seat.account.cash(),
                   .equity = seat.account.cash() + seat.bot->position_value(seat.last_price),
                   .realized = seat.bot->realized(),
                   .trades = seat.trades,
                   .wins = seat.wins,
                   .last_bar = seat.last_bar};
}

std::vector<BotView> Desk::view() const {
    std::vector<BotView> views;
    views.reserve(seats_.size());
    for (const auto& [id, seat] : seats_) {
        views.push_back(view_of(id, *seat));
    }
    return views;
}

std::optional<BotView> Desk::view(BotId bot) const {
    const auto found = seats_.find(bot);
    if (found == seats_.end()) {
        return std::nullopt;
    }
    return view_of(bot, *found->second);
}

void Desk::fault(Seat& seat, std::string_view what, const Error& error) {
    seat.faulted = true;
    const std::string message = fmt::format("{}: {}", what, error.message);
    static_cast<void>(store_.record_event(
        EventRecord{seat.now, seat.setup.record.id, EventLevel::Error, "store_failed", message}));
    write(seat, seat.now, "error", fmt::format(R"("message":{})", json_string(message)));
    tell(seat, NoticeKind::Error, seat.now, fmt::format("{}: error", seat.setup.record.name),
         message);
}

void Desk::write(const Seat& seat, Timestamp at, std::string_view event, std::string_view fields) {
    journal_.write(JournalEntry{at, seat.setup.record.id, seat.setup.record.name, event, fields});
}

void Desk::tell(const Seat& seat, NoticeKind kind, Timestamp at, std::string title,
                std::string text) {
    notifier_.notify(Notice{kind, at, seat.setup.record.id, std::move(title), std::move(text)});
}

}  // namespace osprey::engine
