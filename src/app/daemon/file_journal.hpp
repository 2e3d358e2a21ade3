#pragma once
// Each bot's structured log as JSON lines, one file per bot:
// <data dir>/logs/bot-<id>.jsonl, a line per entry, written through at once
// (a killed daemon keeps every line it wrote). Optionally echoed to a
// terminal in a short human form.
//
//   {"at":"2026-02-03 14:05:00","bot":2,"name":"link-ema","event":"opened","side":"long",...}

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/ports/journal.hpp"

namespace osprey::app {

class FileJournal final : public engine::Journal {
public:
    // `echo`: a stream for the human form (stdout), or null.
    FileJournal(std::filesystem::path directory, std::FILE* echo);

    void write(const engine::JournalEntry& entry) override;

private:
    std::filesystem::path directory_;
    std::FILE* echo_;
    std::map<BotId, std::ofstream> files_;
};

// "2026-02-03 14:05:00" (UTC).
std::string utc_text(Timestamp at);

}  // namespace osprey::app
