#pragma once
// The Store on PostgreSQL (libpq), for a shared database and scale: the same
// schema and SQL as the SQLite store (the shared logic is store/sql), in the
// schema the connection's search_path names. A commit is durable when it
// returns (the server's synchronous_commit, on by default).

#include <memory>
#include <string>

#include "core/result.hpp"
#include "engine/ports/store.hpp"

namespace osprey::postgres {

// Connects with a libpq connection string ("host=127.0.0.1 port=5432
// dbname=osprey user=osprey") and runs the migrations the database lacks;
// refuses a database written by a newer osprey. Errors never repeat the
// connection string, which may hold a password.
Result<std::unique_ptr<engine::Store>> open_store(
    const std::string& conninfo, engine::Durability durability = engine::Durability::PowerLoss);

}  // namespace osprey::postgres
