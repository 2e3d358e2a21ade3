#pragma once
// A small RAII wrapper over the SQLite C API (DEPS.md §4): a Database owns
// the connection and a cache of prepared statements, a Statement binds and
// steps, a Transaction rolls back unless committed. Errors are Results
// naming SQLite's message and the statement, never the bound values.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace osprey::sqlite {

class Statement {
public:
    explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}

    // Clears the previous run's bindings and state.
    void reset();

    void bind(int index, std::int64_t value);
    void bind(int index, std::uint64_t value);
    void bind(int index, double value);  // NaN is stored as NULL
    void bind(int index, std::string_view text);

    void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }

    void bind(int index, const char* text) { bind(index, std::string_view(text)); }

    void bind(int index, bool value) { bind(index, std::int64_t{value ? 1 : 0}); }

    void bind(int index, Decimal value) { bind(index, value.to_string()); }

    template <class Tag>
    void bind(int index, DecimalOf<Tag> value) {
        bind(index, value.to_string());
    }

    void bind(int index, Timestamp at) { bind(index, std::int64_t{at.nanos()}); }

    void bind(int index, BotId bot) { bind(index, bot.value()); }

    void bind(int index, const Symbol& symbol) { bind(index, symbol.view()); }

    // True with a row to read, false when done.
    Result<bool> step();

    std::int64_t integer(int column) const;
    double real(int column) const;  // NULL reads as NaN
    std::string_view text(int column) const;

private:
    struct Finalize {
        void operator()(sqlite3_stmt* statement) const;
    };

    std::unique_ptr<sqlite3_stmt, Finalize> statement_;
};

// The rows of one run of a statement: next() steps to the following row
// (false when there is none); the getters read the current one.
class Rows {
public:
    explicit Rows(Statement& statement) : statement_(&statement) {}

    Result<bool> next() { return statement_->step(); }

    Status finish();

    std::int64_t integer(int column) const { return statement_->integer(column); }

    double real(int column) const { return statement_->real(column); }

    std::string_view text(int column) const { return statement_->text(column); }

private:
    Statement* statement_;
};

class Database {
public:
    // Opens (creating) the file; busy waits up to 5 s for another writer.
    static Result<Database> open(const std::filesystem::path& file);

    // Runs one or more statements with no parameters and no rows.
    Status execute(const std::string& sql);

    // Runs a statement with `args` bound to $1, $2... and returns its rows.
    // Statements are prepared once and cached by their text.
    template <class... Args>
    Result<Rows> query(std::string_view sql, const Args&... args) {
        auto statement = prepare(sql);
        if (!statement) {
            return fail(statement.error());
        }
        (*statement)->reset();
        int index = 0;
        ((*statement)->bind(++index, args), ...);
        return Rows(**statement);
    }

    // Runs a statement and steps through all its rows.
    template <class... Args>
    Status run(std::string_view sql, const Args&... args) {
        auto rows = query(sql, args...);
        if (!rows) {
            return fail(rows.error());
        }
        return rows->finish();
    }

private:
    struct Close {
        void operator()(sqlite3* database) const;
    };

    explicit Database(sqlite3* database) : database_(database) {}

    Result<Statement*> prepare(std::string_view sql);

    std::unique_ptr<sqlite3, Close> database_;
    std::map<std::string, Statement, std::less<>> statements_;
};

// BEGIN IMMEDIATE (takes the write lock at once, so a transaction never
// fails halfway for want of it); rolls back unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Database& database);

    Status commit();

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Transaction(Transaction&& other) noexcept
        : database_(other.database_), open_(std::exchange(other.open_, false)) {}

    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

private:
    explicit Transaction(Database& database) : database_(&database), open_(true) {}

    Database* database_;
    bool open_;
};

// The Error for a failed SQLite call: Conflict for a constraint, Unavailable
// for a busy or locked database, Internal otherwise.
Error sqlite_error(int code, std::string_view message, std::string_view sql);

}  // namespace osprey::sqlite
