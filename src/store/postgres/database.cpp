#include "store/postgres/database.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <libpq-fe.h>

namespace osprey::postgres {

namespace {

// libpq's messages end with a newline; ours are one line.
std::string one_line(const char* message) {
    std::string text = message != nullptr ? message : "";
    if (const auto end = text.find('\n'); end != std::string::npos) {
        text.resize(end);
    }
    return text;
}

// Integrity violations (class 23) are conflicts; lost connections, shutdowns
// and serialization failures may succeed when tried again.
ErrorCode code_of(std::string_view sqlstate) {
    if (sqlstate.starts_with("23")) {
        return ErrorCode::Conflict;
    }
    if (sqlstate.starts_with("08") || sqlstate.starts_with("40") || sqlstate.starts_with("57")) {
        return ErrorCode::Unavailable;
    }
    return ErrorCode::Internal;
}

Error result_error(const PGresult* result, pg_conn* connection, std::string_view sql) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string text = "postgres: ";
    text += primary != nullptr ? one_line(primary) : one_line(PQerrorMessage(connection));
    text += " (in: ";
    text += sql::first_words(sql);
    text += ")";
    const ErrorCode code = state != nullptr                         ? code_of(state)
                           : PQstatus(connection) == CONNECTION_BAD ? ErrorCode::Unavailable
                                                                    : ErrorCode::Internal;
    return Error{code, std::move(text)};
}

bool succeeded(const PGresult* result) {
    const ExecStatusType status = PQresultStatus(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

void ignore_notice(void* /*context*/, const char* /*message*/) {}

}  // namespace

void Database::Finish::operator()(pg_conn* connection) const {
    PQfinish(connection);
}

void Database::Clear::operator()(pg_result* result) const {
    PQclear(result);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& conninfo) {
    auto database = std::make_unique<Database>(PQconnectdb(conninfo.c_str()));
    pg_conn* connection = database->connection_.get();
    if (connection == nullptr) {
        return fail(ErrorCode::Unavailable, "postgres: cannot connect: out of memory");
    }
    if (PQstatus(connection) != CONNECTION_OK) {
        // libpq names the host and port, never the password.
        return fail(ErrorCode::Unavailable,
                    "postgres: cannot connect: " + one_line(PQerrorMessage(connection)));
    }
    // Notices ("table exists, skipping") are not errors and not for stderr.
    PQsetNoticeProcessor(connection, ignore_notice, nullptr);
    return database;
}

Status Database::execute(const std::string& sql) {
    const std::unique_ptr<PGresult, Clear> result(PQexec(connection_.get(), sql.c_str()));
    if (!succeeded(result.get())) {
        return fail(result_error(result.get(), connection_.get(), sql));
    }
    return {};
}

Status Database::lock_migrations() {
    return run("SELECT pg_advisory_xact_lock(7306041)");
}

Status Database::prepare(std::string_view sql) {
    result_.reset();
    parameters_.clear();
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        std::string name = "osprey_" + std::to_string(statements_.size());
        const std::string text(sql);
        const std::unique_ptr<PGresult, Clear> result(
            PQprepare(connection_.get(), name.c_str(), text.c_str(), 0, nullptr));
        if (!succeeded(result.get())) {
            return fail(result_error(result.get(), connection_.get(), sql));
        }
        found = statements_.emplace(text, std::move(name)).first;
    }
    sql_ = &found->first;
    name_ = &found->second;
    return {};
}

void Database::set(int index, std::optional<std::string> value) {
    const auto slot = static_cast<std::size_t>(index - 1);
    if (parameters_.size() <= slot) {
        parameters_.resize(slot + 1);
    }
    parameters_[slot] = std::move(value);
}

void Database::bind(int index, std::int64_t value) {
    set(index, std::to_string(value));
}

void Database::bind(int index, double value) {
    if (std::isnan(value)) {
        set(index, std::nullopt);
        return;
    }
    // The shortest text that reads back as the same double.
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    set(index, std::string(buffer.data(), written.ptr));
}

void Database::bind(int index, std::string_view text) {
    set(index, std::string(text));
}

Status Database::run_current() {
    std::vector<const char*> values;
    values.reserve(parameters_.size());
    for (const auto& value : parameters_) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    result_.reset(PQexecPrepared(connection_.get(), name_->c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0));
    if (!succeeded(result_.get())) {
        Error error = result_error(result_.get(), connection_.get(), *sql_);
        result_.reset();
        return fail(std::move(error));
    }
    rows_ = PQntuples(result_.get());
    row_ = -1;
    return {};
}

Result<bool> Database::step() {
    if (!result_) {
        if (auto ran = run_current(); !ran) {
            return fail(ran.error());
        }
    }
    if (row_ < rows_) {
        ++row_;
    }
    return row_ < rows_;
}

std::int64_t Database::integer(int column) const {
    const std::string_view digits = text(column);
    std::int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

double Database::real(int column) const {
    if (PQgetisnull(result_.get(), row_, column) != 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const std::string_view digits = text(column);
    double value = 0;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (parsed.ec != std::errc()) {
        // "NaN", "Infinity" and "-Infinity" are PostgreSQL's own spellings.
        if (digits == "Infinity" || digits == "-Infinity") {
            return digits[0] == '-' ? -std::numeric_limits<double>::infinity()
                                    : std::numeric_limits<double>::infinity();
        }
        return std::numeric_limits<double>::quiet_NaN();
    }
    return value;
}

std::string_view Database::text(int column) const {
    const char* value = PQgetvalue(result_.get(), row_, column);
    const int length = PQgetlength(result_.get(), row_, column);
    return {value, static_cast<std::size_t>(length)};
}

}  // namespace osprey::postgres
