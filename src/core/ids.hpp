#pragma once
// Strong identifier types: a BotId is not an order sequence number, and a
// client order id is derived from both (DESIGN.md "Orders on real venues").

#include <compare>
#include <cstdint>

namespace osprey {

template <class Tag>
class Id {
public:
    constexpr Id() = default;

    constexpr explicit Id(std::uint64_t value) : value_(value) {}

    constexpr std::uint64_t value() const { return value_; }

    friend constexpr auto operator<=>(Id, Id) = default;

private:
    std::uint64_t value_ = 0;
};

using BotId = Id<struct BotIdTag>;

// One order of one bot: the pair the client order id is derived from.
struct ClientOrderId {
    BotId bot;
    std::uint64_t sequence = 0;

    friend constexpr auto operator<=>(const ClientOrderId&, const ClientOrderId&) = default;
};

}  // namespace osprey
