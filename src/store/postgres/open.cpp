// Opening the PostgreSQL store: the connection and its settings.

#include <utility>

#include "store/postgres/postgres_store.hpp"

namespace osprey::postgres {

Result<std::unique_ptr<engine::Store>> open_store(const std::string& conninfo,
                                                  engine::Durability durability) {
    auto database = Database::open(conninfo);
    if (!database) {
        return fail(database.error());
    }
    if (durability == engine::Durability::ProcessCrash) {
        if (auto set = database->execute("SET synchronous_commit = off"); !set) {
            return fail(set.error());
        }
    }
    auto store = std::make_unique<PostgresStore>(std::move(*database));
    if (auto migrated = store->migrate(); !migrated) {
        return fail(migrated.error());
    }
    return std::unique_ptr<engine::Store>(std::move(store));
}

// Two processes starting at once must not both migrate: the second waits
// here, then finds nothing to do.
Status PostgresStore::lock_migrations() {
    return database_.run("SELECT pg_advisory_xact_lock(7306041)");
}

}  // namespace osprey::postgres
