#pragma once
// The SQL store's Connection (store/sql/connection.hpp) over the SQLite C
// API (DEPS.md §4): owns the connection and a cache of prepared statements.
// Its dialect: BEGIN IMMEDIATE, which takes the write lock at once (so a
// second process waits for it, migrations included), and INTEGER PRIMARY
// KEY for a generated key.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/sql/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace osprey::sqlite {

class Database final : public sql::Connection {
public:
    // Opens (creating) the file; busy waits up to 5 s for another writer.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file);

    // Takes ownership of `database` (see open()).
    explicit Database(sqlite3* database) : database_(database) {}

    Status execute(const std::string& sql) override;

    Status prepare(std::string_view sql) override;
    void bind(int index, std::int64_t value) override;
    void bind(int index, double value) override;
    void bind(int index, std::string_view text) override;
    Result<bool> step() override;
    std::int64_t integer(int column) const override;
    double real(int column) const override;
    std::string_view text(int column) const override;

    Status begin() override { return execute("BEGIN IMMEDIATE"); }

    // BEGIN IMMEDIATE has taken the database's write lock already: a second
    // process opening the file waits for it, then finds nothing to migrate.
    Status lock_migrations() override { return {}; }

    std::string_view generated_key() const override { return "INTEGER PRIMARY KEY"; }

private:
    struct Close {
        void operator()(sqlite3* database) const;
    };

    struct Finalize {
        void operator()(sqlite3_stmt* statement) const;
    };

    using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

    std::unique_ptr<sqlite3, Close> database_;
    std::map<std::string, Statement, std::less<>> statements_;  // by the text as written
    sqlite3_stmt* current_ = nullptr;
    bool done_ = false;  // the current statement has run to its end
};

// The Error for a failed SQLite call: Conflict for a constraint, Unavailable
// for a busy or locked database, Internal otherwise.
Error sqlite_error(int code, std::string_view message, std::string_view sql);

}  // namespace osprey::sqlite
