#pragma once
// What the SQL store (store/sql/sql_store.hpp) needs of a database, so that
// its logic is written once: each backend (store/sqlite, store/postgres)
// implements Connection over its C API, with what truly differs between
// them (how a write transaction starts, the migration lock, the word for a
// generated key). Around it, typed parameters, Rows and a Transaction that
// rolls back unless committed.
//
// The SQL numbers its parameters $1, $2... as PostgreSQL does; a backend
// spelling them otherwise rewrites the text when it prepares it. Errors
// name the database's message and the statement, never the bound values.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"

namespace osprey::sql {

class Rows;

// One connection with one current statement: prepare() makes a statement
// current, bind() fills its parameters, step() runs it on the first call
// and walks its rows. A Connection is used by one thread.
class Connection {
public:
    Connection() = default;
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) = delete;
    Connection& operator=(Connection&&) = delete;

    // Runs one or more statements with no parameters and no rows.
    virtual Status execute(const std::string& sql) = 0;

    // Makes `sql` the current statement, with no parameters bound and no
    // rows yet; each text is prepared once and cached.
    virtual Status prepare(std::string_view sql) = 0;
    // Parameter `index` (from 1) of the current statement.
    virtual void bind(int index, std::int64_t value) = 0;
    virtual void bind(int index, double value) = 0;  // NaN binds NULL
    virtual void bind(int index, std::string_view text) = 0;
    // Runs the current statement on the first call, then steps through its
    // rows: true with a row to read, false when done.
    virtual Result<bool> step() = 0;
    // The current row's columns, from 0.
    virtual std::int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;  // NULL reads as NaN
    virtual std::string_view text(int column) const = 0;

    // Starts a transaction that will write, so that it never fails halfway
    // for want of a lock.
    virtual Status begin() = 0;
    // Keeps another process from migrating at the same time (called inside
    // the migration's transaction).
    virtual Status lock_migrations() = 0;
    // The dialect's word for a generated 64-bit key (@ID@ in the migrations).
    virtual std::string_view generated_key() const = 0;

    // Runs a statement with `args` bound to $1, $2... and returns its rows.
    template <class... Args>
    Result<Rows> query(std::string_view sql, const Args&... args);

    // Runs a statement and steps through all its rows.
    template <class... Args>
    Status run(std::string_view sql, const Args&... args);
};

// The typed values the store binds, in the text or number the schema keeps.
inline void bind_value(Connection& connection, int index, std::int64_t value) {
    connection.bind(index, value);
}

void bind_value(Connection& connection, int index, std::uint64_t value);  // ids: at most 2^63 - 1

inline void bind_value(Connection& connection, int index, double value) {
    connection.bind(index, value);
}

inline void bind_value(Connection& connection, int index, std::string_view text) {
    connection.bind(index, text);
}

inline void bind_value(Connection& connection, int index, const std::string& text) {
    connection.bind(index, std::string_view(text));
}

inline void bind_value(Connection& connection, int index, const char* text) {
    connection.bind(index, std::string_view(text));
}

inline void bind_value(Connection& connection, int index, bool value) {
    connection.bind(index, std::int64_t{value ? 1 : 0});
}

inline void bind_value(Connection& connection, int index, Decimal value) {
    connection.bind(index, std::string_view(value.to_string()));
}

template <class Tag>
void bind_value(Connection& connection, int index, DecimalOf<Tag> value) {
    connection.bind(index, std::string_view(value.to_string()));
}

inline void bind_value(Connection& connection, int index, Timestamp at) {
    connection.bind(index, std::int64_t{at.nanos()});
}

inline void bind_value(Connection& connection, int index, BotId bot) {
    bind_value(connection, index, bot.value());
}

inline void bind_value(Connection& connection, int index, const Symbol& symbol) {
    connection.bind(index, symbol.view());
}

// The rows of one run of the connection's current statement: next() steps
// to the following row (false when there is none); the getters read it.
// Valid until the connection runs another statement.
class Rows {
public:
    explicit Rows(Connection& connection) : connection_(&connection) {}

    Result<bool> next() { return connection_->step(); }

    // Steps through the rows left (a write's RETURNING, say).
    Status finish();

    std::int64_t integer(int column) const { return connection_->integer(column); }

    double real(int column) const { return connection_->real(column); }

    std::string_view text(int column) const { return connection_->text(column); }

private:
    Connection* connection_;
};

template <class... Args>
Result<Rows> Connection::query(std::string_view sql, const Args&... args) {
    if (auto prepared = prepare(sql); !prepared) {
        return fail(prepared.error());
    }
    int index = 0;
    (bind_value(*this, ++index, args), ...);
    return Rows(*this);
}

template <class... Args>
Status Connection::run(std::string_view sql, const Args&... args) {
    auto rows = query(sql, args...);
    if (!rows) {
        return fail(rows.error());
    }
    return rows->finish();
}

// Begun by the connection's begin(); rolls back unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Connection& connection);

    Status commit();

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Transaction(Transaction&& other) noexcept
        : connection_(other.connection_), open_(std::exchange(other.open_, false)) {}

    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

private:
    explicit Transaction(Connection& connection) : connection_(&connection), open_(true) {}

    Connection* connection_;
    bool open_;
};

// The first words of a statement, for an error message.
std::string_view first_words(std::string_view sql);

}  // namespace osprey::sql
