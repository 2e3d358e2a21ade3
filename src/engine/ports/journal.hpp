#pragma once
// The Journal port: each bot's structured log (start, signal and reason,
// position with entry, price and P&L %, waiting, orders, fills, closed
// trades). The daemon writes it as JSON lines, one file per bot; tests keep
// the entries in memory. Called on the engine thread only.

#include <string_view>

#include "core/ids.hpp"
#include "core/timestamp.hpp"

namespace osprey::engine {

struct JournalEntry {
    Timestamp at;  // market time: the bar or fill it is about
    BotId bot;
    std::string_view bot_name;
    std::string_view
        event;  // "start", "signal", "position", "waiting", "order", "fill", "trade"...
    // The entry's own fields as JSON object members without the braces:
    // "\"reason\":\"ema cross\",\"price\":101.5".
    std::string_view fields;
};

class Journal {
public:
    virtual ~Journal() = default;
    Journal() = default;
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    Journal(Journal&&) = delete;
    Journal& operator=(Journal&&) = delete;

    virtual void write(const JournalEntry& entry) = 0;
};

}  // namespace osprey::engine
