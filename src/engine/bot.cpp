#include "engine/bot.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace osprey::engine {

Status check_timeframes(const strategy::Strategy& strategy, Timeframe base, std::string_view who) {
    for (const Timeframe timeframe : strategy.timeframes()) {
        if (timeframe < base || !timeframe.is_multiple_of(base)) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("{} reads {} candles, which cannot be built from {} data", who,
                                    timeframe.to_string(), base.to_string()));
        }
    }
    return {};
}

Bot::Bot(const BotConfig& config, std::unique_ptr<strategy::Strategy> strategy, Venue& venue,
         Timeframe base, Account& account)
    : config_(config), strategy_(std::move(strategy)), venue_(venue), account_(account) {
    OSPREY_ASSERT(strategy_ != nullptr, "a bot needs a strategy");
    std::vector<Timeframe> timeframes = strategy_->timeframes();
    if (timeframes.empty()) {
        timeframes.push_back(base);
    }
    // Coarser bars close at the same moment as the traded one or earlier:
    // deliver them first, so a decision sees every bar that has closed.
    std::vector<Timeframe> coarser(timeframes.begin() + 1, timeframes.end());
    std::sort(coarser.begin(), coarser.end(), std::greater<>());
    for (const Timeframe timeframe : coarser) {
        streams_.push_back({timeframe, std::nullopt});
    }
    streams_.push_back({timeframes[0], std::nullopt});
    for (Stream& stream : streams_) {
        OSPREY_ASSERT(stream.timeframe.is_multiple_of(base) && stream.timeframe >= base,
                      "check_timeframes() must pass before a bot is made");
        if (stream.timeframe != base) {
            stream.resampler.emplace(base, stream.timeframe);
        }
    }
}

void Bot::on_bar_closed(const Candle& bar) {
    feed(bar, true);
}

void Bot::warm_up(const Candle& bar) {
    feed(bar, false);
}

void Bot::resume(const BotResume& state) {
    OSPREY_ASSERT(!position_.is_open() && !in_flight_ && trades_.empty() && next_sequence_ == 1,
                  "a bot resumes once, before it trades");
    realized_ = state.realized;
    account_.credit(state.realized);
    next_sequence_ = std::max<std::uint64_t>(state.next_sequence, 1);
    if (state.entry) {
        const Fill& entry = *state.entry;
        account_.debit(entry.quote_amount);
        account_.add_open_cost(entry.quote_amount);
        account_.on_opened();
        position_.open(entry, entry.side == Side::Buy ? PositionSide::Long : PositionSide::Short);
    }
    if (state.in_flight) {
        in_flight_ = state.in_flight->id;
        if (state.in_flight->intent == OrderIntent::Open) {
            reserved_ = state.in_flight->quote_amount;
            account_.reserve_entry(reserved_);
        }
    }
}

void Bot::feed(const Candle& bar, bool decide) {
    decided_ = false;
    for (Stream& stream : streams_) {
        std::optional<Candle> closed = bar;
        if (stream.resampler) {
            closed = stream.resampler->on_candle(bar);
        }
        if (!closed) {
            continue;
        }
        signal_.clear();
        strategy_->on_bar_closed(strategy::ClosedBar{stream.timeframe, *closed}, signal_);
        if (decide && &stream == &streams_.back()) {
            decided_ = true;
            act(*closed);
        }
    }
}

void Bot::act(const Candle& bar) {
    if (signal_.direction == Direction::Hold || in_flight_) {
        return;
    }
    const bool buy = signal_.direction == Direction::Buy;
    if (!position_.is_open()) {
        if ((buy || config_.shorting == Shorting::Allowed) && account_.can_open()) {
            open(buy ? Side::Buy : Side::Sell, bar);
        }
        return;
    }
    const bool long_position = position_.side() == PositionSide::Long;
    if (buy != long_position) {
        close(buy ? Side::Buy : Side::Sell);
    }
}

double Bot::entry_budget() const {
    const double cash = account_.available();
    if (config_.sizing.amount <= 0) {
        // All the cash, or an equal share of it per free position slot.
        return account_.has_limit() ? cash / static_cast<double>(account_.free_slots()) : cash;
    }
    const double amount = config_.sizing.compounding == Compounding::Reinvest
                              ? config_.sizing.amount + realized_
                              : config_.sizing.amount;
    return std::min(amount, cash);
}

Timestamp Bot::decided_at(const Candle& bar) const {
    return bar.open_time + streams_.back().timeframe.span();
}

void Bot::block(const Candle& bar, std::string_view reason, double value) {
    blocked_.push_back(BlockedSignal{decided_at(bar), signal_.direction, reason, value,
                                     std::isfinite(signal_.entry) ? signal_.entry : bar.close});
}

void Bot::open(Side side, const Candle& bar) {
    account_.on_time(decided_at(bar));
    if (config_.gate) {
        if (const strategy::GateVerdict verdict = strategy::check(*config_.gate, signal_);
            !verdict.passed()) {
            block(bar, verdict.rule, verdict.value);
            return;
        }
    }
    if (account_.entries_halted()) {
        block(bar, blocked_by_daily_loss_limit);
        return;
    }
    const double scale = std::clamp(signal_.size_scale, 0.0, 1.0);
    const PositionSide position_side = side == Side::Buy ? PositionSide::Long : PositionSide::Short;
    const double reference = std::isfinite(signal_.entry) ? signal_.entry : bar.close;
    const risk::ExitPlan plan =
        risk::plan_for_signal(signal_, reference, position_side, config_.exits);
    risk::EntryRequest request{position_side, reference, plan.stop_fraction,
                               account_.book_equity() * scale, entry_budget() * scale};
    const risk::EntrySize size = risk::size_entry(config_.sizing, config_.filters, request);
    if (!size.refused.empty()) {
        block(bar, size.refused);
        return;
    }
    const double cap = config_.sizing.mode == risk::SizingMode::Amount && !config_.sizing.fee_aware
                           ? 0.0
                           : size.quantity;
    if (submit(OrderRequest{{}, side, OrderIntent::Open, size.budget, cap, plan})) {
        reserved_ = size.budget;
        account_.reserve_entry(size.budget);
    }
}

void Bot::close(Side side) {
    submit(OrderRequest{{}, side, OrderIntent::Close, 0, position_.quantity(), {}});
}

bool Bot::submit(OrderRequest order) {
    order.id = ClientOrderId{config_.id, next_sequence_++};
    if (Status accepted = venue_.submit(order); !accepted) {
        rejections_.push_back(OrderRejected{order.id, accepted.error()});
        return false;
    }
    in_flight_ = order.id;
    return true;
}

void Bot::release_reservation() {
    if (reserved_ > 0) {
        account_.release_entry(reserved_);
        reserved_ = 0;
    }
}

void Bot::on_event(const VenueEvent& event) {
    std::visit(
        [this](const auto& e) {
            using Event = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<Event, Fill>) {
                on_fill(e);
            } else {
                if (in_flight_ == e.id) {
                    in_flight_.reset();
                    release_reservation();
                }
                rejections_.push_back(e);
            }
        },
        event);
}

void Bot::on_fill(const Fill& fill) {
    if (in_flight_ == fill.order) {
        in_flight_.reset();  // market orders fill whole
    }
    account_.on_time(fill.time);
    if (!position_.is_open()) {
        release_reservation();
        account_.debit(fill.quote_amount);
        account_.add_open_cost(fill.quote_amount);
        account_.on_opened();
        position_.open(fill, fill.side == Side::Buy ? PositionSide::Long : PositionSide::Short);
        return;
    }
    account_.credit(fill.quote_amount);
    trades_.push_back(position_.reduce(fill));
    account_.remove_open_cost(trades_.back().entry_cost);
    realized_ += trades_.back().pnl;
    account_.on_realized(trades_.back().pnl);
    if (!position_.is_open()) {
        account_.on_closed();
    }
}

}  // namespace osprey::engine
