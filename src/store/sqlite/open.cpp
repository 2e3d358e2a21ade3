// Opening the SQLite store: the data directory, the file, its settings.

#include <system_error>
#include <utility>

#include "store/sql/sql_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace osprey::sqlite {

Result<std::unique_ptr<engine::Store>> open_store(const std::filesystem::path& data_dir,
                                                  engine::Durability durability) {
    std::error_code error;
    std::filesystem::create_directories(data_dir, error);
    if (error) {
        return fail(ErrorCode::Unavailable, "cannot create the data directory " + data_dir.string()
                                                + ": " + error.message());
    }
    auto database = Database::open(data_dir / database_file);
    if (!database) {
        return fail(database.error());
    }
    // WAL: readers never block the writer, and a killed writer loses no
    // commit. synchronous=FULL: a commit is on disk when it returns.
    const char* synchronous = durability == engine::Durability::PowerLoss
                                  ? "PRAGMA synchronous=FULL"
                                  : "PRAGMA synchronous=NORMAL";
    for (const char* pragma : {"PRAGMA journal_mode=WAL", synchronous, "PRAGMA foreign_keys=ON"}) {
        if (auto set = (*database)->run(pragma); !set) {
            return fail(set.error());
        }
    }
    return sql::open_store(std::move(*database));
}

}  // namespace osprey::sqlite
