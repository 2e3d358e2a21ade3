#pragma once
// A small RAII wrapper over libpq (DEPS.md §4), with the same shape as the
// SQLite one (store/sqlite/database.hpp) so that both stores run the same
// SQL text: a Database owns the connection and prepares each statement once
// (by its text), Rows walks a result, a Transaction rolls back unless
// committed. Errors name the server's message and the statement, never the
// bound values nor the connection string (it may hold a password).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"

struct pg_conn;
struct pg_result;

namespace osprey::postgres {

// The text form of each parameter of one statement (none: NULL).
class Parameters {
public:
    void add(std::int64_t value);
    void add(std::uint64_t value);
    void add(double value);  // NaN is stored as NULL

    void add(std::string_view text) { values_.emplace_back(std::string(text)); }

    void add(const std::string& text) { values_.emplace_back(text); }

    void add(const char* text) { add(std::string_view(text)); }

    void add(bool value) { add(std::int64_t{value ? 1 : 0}); }

    void add(Decimal value) { values_.emplace_back(value.to_string()); }

    template <class Tag>
    void add(DecimalOf<Tag> value) {
        values_.emplace_back(value.to_string());
    }

    void add(Timestamp at) { add(std::int64_t{at.nanos()}); }

    void add(BotId bot) { add(bot.value()); }

    void add(const Symbol& symbol) { add(symbol.view()); }

    // Pointers for libpq: valid while this object is unchanged.
    std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> values_;
};

class Rows {
public:
    explicit Rows(pg_result* result);

    // Steps to the next row: false when there is none.
    Result<bool> next() { return ++row_ < rows_; }

    Status finish() { return {}; }

    std::int64_t integer(int column) const;
    double real(int column) const;  // NULL reads as NaN
    std::string_view text(int column) const;

private:
    struct Clear {
        void operator()(pg_result* result) const;
    };

    std::unique_ptr<pg_result, Clear> result_;
    int rows_ = 0;
    int row_ = -1;
};

class Database {
public:
    // Connects with a libpq connection string ("host=... port=... dbname=...").
    static Result<Database> open(const std::string& conninfo);

    // Runs one or more statements with no parameters and no rows.
    Status execute(const std::string& sql);

    // Runs a statement with `args` bound to $1, $2... and returns its rows.
    // Statements are prepared once and cached by their text.
    template <class... Args>
    Result<Rows> query(std::string_view sql, const Args&... args) {
        Parameters parameters;
        (parameters.add(args), ...);
        return run_prepared(sql, parameters);
    }

    template <class... Args>
    Status run(std::string_view sql, const Args&... args) {
        auto rows = query(sql, args...);
        if (!rows) {
            return fail(rows.error());
        }
        return {};
    }

private:
    struct Finish {
        void operator()(pg_conn* connection) const;
    };

    explicit Database(pg_conn* connection) : connection_(connection) {}

    Result<Rows> run_prepared(std::string_view sql, const Parameters& parameters);
    Result<std::string> prepare(std::string_view sql);

    std::unique_ptr<pg_conn, Finish> connection_;
    std::map<std::string, std::string, std::less<>> statements_;  // text -> name
};

// BEGIN; rolls back unless commit() succeeded.
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

}  // namespace osprey::postgres
