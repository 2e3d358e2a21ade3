// Opening the PostgreSQL store: the connection and its settings.

#include <utility>

#include "store/postgres/database.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sql/sql_store.hpp"

namespace osprey::postgres {

Result<std::unique_ptr<engine::Store>> open_store(const std::string& conninfo,
                                                  engine::Durability durability) {
    auto database = Database::open(conninfo);
    if (!database) {
        return fail(database.error());
    }
    if (durability == engine::Durability::ProcessCrash) {
        if (auto set = (*database)->execute("SET synchronous_commit = off"); !set) {
            return fail(set.error());
        }
    }
    return sql::open_store(std::move(*database));
}

}  // namespace osprey::postgres
