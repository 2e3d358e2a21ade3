#pragma once
// The conformance suite runs every test against each Store implementation.
// A Backend gives a test a fresh, empty database of one kind (a temporary
// directory for SQLite, a schema of its own in the test cluster for
// PostgreSQL) and can open it again, as a restarted process would.

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "core/result.hpp"
#include "engine/ports/store.hpp"

namespace osprey::store_tests {

enum class Kind : std::uint8_t { Sqlite, Postgres };

class Backend {
public:
    virtual ~Backend() = default;
    Backend() = default;
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;
    Backend(Backend&&) = delete;
    Backend& operator=(Backend&&) = delete;

    // A new connection to this test's database, migrated.
    virtual Result<std::unique_ptr<engine::Store>> open(
        engine::Durability durability = engine::Durability::PowerLoss) = 0;

    // Marks the database as written by an osprey with a newer schema.
    virtual void pretend_schema_version(int version) = 0;

    // Where the database is, for messages.
    virtual std::string description() const = 0;
};

// A fresh database for one test; asserts (fails the test) when the backend
// cannot be reached, e.g. PostgreSQL not running.
std::unique_ptr<Backend> make_backend(Kind kind);

std::string to_string(Kind kind);

// Test names and failure messages show "sqlite" or "postgres".
// NOLINTNEXTLINE(readability-identifier-naming): the name GoogleTest looks for
inline void PrintTo(Kind kind, std::ostream* out) {
    *out << to_string(kind);
}

}  // namespace osprey::store_tests
