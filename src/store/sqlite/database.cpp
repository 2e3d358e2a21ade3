#include "store/sqlite/database.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sqlite3.h>
#include <string>

namespace osprey::sqlite {

namespace {

constexpr int busy_timeout_ms = 5000;

// SQLITE_TRANSIENT without its C cast: SQLite copies the bound text, so a
// temporary (a decimal's text) may go away before the statement steps.
sqlite3_destructor_type transient() {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): SQLite's own sentinel value
    return reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
}

std::string_view first_words(std::string_view sql) {
    constexpr std::size_t shown = 60;
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) {
        sql.remove_prefix(1);
    }
    return sql.substr(0, shown);
}

}  // namespace

Error sqlite_error(int code, std::string_view message, std::string_view sql) {
    const int primary = code & 0xff;
    ErrorCode error_code = ErrorCode::Internal;
    if (primary == SQLITE_CONSTRAINT) {
        error_code = ErrorCode::Conflict;
    } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        error_code = ErrorCode::Unavailable;
    }
    std::string text = "sqlite: ";
    text += message;
    if (!sql.empty()) {
        text += " (in: ";
        text += first_words(sql);
        text += ")";
    }
    return Error{error_code, std::move(text)};
}

void Statement::Finalize::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

void Statement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

void Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_.get(), index, value);
}

void Statement::bind(int index, std::uint64_t value) {
    OSPREY_ASSERT(value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()),
                  "an id too large for a SQL integer");
    bind(index, static_cast<std::int64_t>(value));
}

void Statement::bind(int index, double value) {
    if (std::isnan(value)) {
        sqlite3_bind_null(statement_.get(), index);
    } else {
        sqlite3_bind_double(statement_.get(), index, value);
    }
}

void Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), transient(),
                        SQLITE_UTF8);
}

Result<bool> Statement::step() {
    const int code = sqlite3_step(statement_.get());
    if (code == SQLITE_ROW) {
        return true;
    }
    if (code == SQLITE_DONE) {
        return false;
    }
    sqlite3* database = sqlite3_db_handle(statement_.get());
    Error error = sqlite_error(code, sqlite3_errmsg(database), sqlite3_sql(statement_.get()));
    sqlite3_reset(statement_.get());  // ends the statement's implicit read, if any
    return fail(std::move(error));
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(statement_.get(), column);
}

double Statement::real(int column) const {
    if (sqlite3_column_type(statement_.get(), column) == SQLITE_NULL) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sqlite3_column_double(statement_.get(), column);
}

std::string_view Statement::text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_.get(), column);
    const int bytes = sqlite3_column_bytes(statement_.get(), column);
    if (text == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes)};
}

void Database::Close::operator()(sqlite3* database) const {
    sqlite3_close_v2(database);
}

Result<Database> Database::open(const std::filesystem::path& file) {
    sqlite3* handle = nullptr;
    const int code =
        sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Database database(handle);  // owns the handle even when opening failed
    if (code != SQLITE_OK) {
        const std::string why = handle != nullptr ? sqlite3_errmsg(handle) : "out of memory";
        return fail(ErrorCode::Unavailable, "cannot open " + file.string() + ": " + why);
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, busy_timeout_ms);
    return database;
}

Status Database::execute(const std::string& sql) {
    const int code = sqlite3_exec(database_.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) {
        return fail(sqlite_error(code, sqlite3_errmsg(database_.get()), sql));
    }
    return {};
}

Result<Statement*> Database::prepare(std::string_view sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) {
        return &found->second;
    }
    // The store's SQL numbers its parameters $1, $2... as PostgreSQL does;
    // SQLite's own spelling of a numbered parameter is ?1, ?2...
    std::string text(sql);
    std::replace(text.begin(), text.end(), '$', '?');
    sqlite3_stmt* handle = nullptr;
    const int code = sqlite3_prepare_v3(database_.get(), text.data(), static_cast<int>(text.size()),
                                        SQLITE_PREPARE_PERSISTENT, &handle, nullptr);
    if (code != SQLITE_OK) {
        return fail(sqlite_error(code, sqlite3_errmsg(database_.get()), sql));
    }
    auto [inserted, _] = statements_.emplace(std::string(sql), Statement(handle));
    return &inserted->second;
}

Status Rows::finish() {
    for (;;) {
        auto row = next();
        if (!row) {
            return fail(row.error());
        }
        if (!*row) {
            return {};
        }
    }
}

Result<Transaction> Transaction::begin(Database& database) {
    if (auto begun = database.execute("BEGIN IMMEDIATE"); !begun) {
        return fail(begun.error());
    }
    return Transaction(database);
}

Status Transaction::commit() {
    auto committed = database_->execute("COMMIT");
    if (committed) {
        open_ = false;
    }
    return committed;
}

Transaction::~Transaction() {
    if (open_) {
        // Nothing to do if the rollback fails: SQLite has rolled back already
        // when the failure was one that ends the transaction.
        (void)database_->execute("ROLLBACK");
    }
}

}  // namespace osprey::sqlite
