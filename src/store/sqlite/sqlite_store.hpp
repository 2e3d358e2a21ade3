#pragma once
// The Store on SQLite: the embedded default, one file <data dir>/osprey.db
// in WAL mode with synchronous=FULL by default, so a committed order intent
// survives a crash of the process or of the machine. Foreign keys are on, so a fill
// for an order never stored fails (and rolls back what it was part of).
// The store's logic is the shared one (store/sql); this is the connection.

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "engine/ports/store.hpp"

namespace osprey::sqlite {

// DESIGN.md "Configuration": SQLite under ./osprey-data/ by default.
inline constexpr std::string_view default_data_dir = "osprey-data";
inline constexpr std::string_view database_file = "osprey.db";

// Opens (creating the directory and the file) <data_dir>/osprey.db and runs
// the migrations it lacks; refuses a database written by a newer osprey.
Result<std::unique_ptr<engine::Store>> open_store(
    const std::filesystem::path& data_dir = default_data_dir,
    engine::Durability durability = engine::Durability::PowerLoss);

}  // namespace osprey::sqlite
