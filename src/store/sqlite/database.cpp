#include "store/sqlite/database.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sqlite3.h>
#include <string>
#include <utility>

namespace osprey::sqlite {

namespace {

constexpr int busy_timeout_ms = 5000;

// SQLITE_TRANSIENT without its C cast: SQLite copies the bound text, so a
// temporary (a decimal's text) may go away before the statement steps.
sqlite3_destructor_type transient() {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): SQLite's own sentinel value
    return reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
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
        text += sql::first_words(sql);
        text += ")";
    }
    return Error{error_code, std::move(text)};
}

void Database::Close::operator()(sqlite3* database) const {
    sqlite3_close_v2(database);
}

void Database::Finalize::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file) {
    sqlite3* handle = nullptr;
    const int code =
        sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    auto database = std::make_unique<Database>(handle);  // owns the handle even when opening failed
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

Status Database::prepare(std::string_view sql) {
    if (current_ != nullptr) {
        // Ends the previous statement's run, and the read it may hold open.
        sqlite3_reset(current_);
        current_ = nullptr;
    }
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        // The store's SQL numbers its parameters $1, $2... as PostgreSQL
        // does; SQLite's own spelling of a numbered parameter is ?1, ?2...
        std::string text(sql);
        std::replace(text.begin(), text.end(), '$', '?');
        sqlite3_stmt* handle = nullptr;
        const int code =
            sqlite3_prepare_v3(database_.get(), text.data(), static_cast<int>(text.size()),
                               SQLITE_PREPARE_PERSISTENT, &handle, nullptr);
        if (code != SQLITE_OK) {
            return fail(sqlite_error(code, sqlite3_errmsg(database_.get()), sql));
        }
        found = statements_.emplace(std::string(sql), Statement(handle)).first;
    }
    current_ = found->second.get();
    done_ = false;
    sqlite3_clear_bindings(current_);
    return {};
}

void Database::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(current_, index, value);
}

void Database::bind(int index, double value) {
    if (std::isnan(value)) {
        sqlite3_bind_null(current_, index);
    } else {
        sqlite3_bind_double(current_, index, value);
    }
}

void Database::bind(int index, std::string_view text) {
    sqlite3_bind_text64(current_, index, text.data(), text.size(), transient(), SQLITE_UTF8);
}

Result<bool> Database::step() {
    if (done_) {
        return false;  // stepping again would run the statement again
    }
    const int code = sqlite3_step(current_);
    if (code == SQLITE_ROW) {
        return true;
    }
    if (code == SQLITE_DONE) {
        done_ = true;
        return false;
    }
    Error error = sqlite_error(code, sqlite3_errmsg(database_.get()), sqlite3_sql(current_));
    sqlite3_reset(current_);  // ends the statement's implicit read, if any
    return fail(std::move(error));
}

std::int64_t Database::integer(int column) const {
    return sqlite3_column_int64(current_, column);
}

double Database::real(int column) const {
    if (sqlite3_column_type(current_, column) == SQLITE_NULL) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sqlite3_column_double(current_, column);
}

std::string_view Database::text(int column) const {
    const unsigned char* text = sqlite3_column_text(current_, column);
    const int bytes = sqlite3_column_bytes(current_, column);
    if (text == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes)};
}

}  // namespace osprey::sqlite
