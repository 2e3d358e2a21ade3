#include "store/postgres/database.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include <libpq-fe.h>

namespace osprey::postgres {

namespace {

std::string_view first_words(std::string_view sql) {
    constexpr std::size_t shown = 60;
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) {
        sql.remove_prefix(1);
    }
    return sql.substr(0, shown);
}

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
    text += first_words(sql);
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

void Parameters::add(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
}

void Parameters::add(std::uint64_t value) {
    OSPREY_ASSERT(value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()),
                  "an id too large for a SQL integer");
    values_.emplace_back(std::to_string(value));
}

void Parameters::add(double value) {
    if (std::isnan(value)) {
        values_.emplace_back(std::nullopt);
        return;
    }
    // The shortest text that reads back as the same double.
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    values_.emplace_back(std::string(buffer.data(), written.ptr));
}

std::vector<const char*> Parameters::pointers() const {
    std::vector<const char*> pointers;
    pointers.reserve(values_.size());
    for (const auto& value : values_) {
        pointers.push_back(value ? value->c_str() : nullptr);
    }
    return pointers;
}

Rows::Rows(pg_result* result) : result_(result), rows_(PQntuples(result)) {}

void Rows::Clear::operator()(pg_result* result) const {
    PQclear(result);
}

std::int64_t Rows::integer(int column) const {
    const std::string_view digits = text(column);
    std::int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

double Rows::real(int column) const {
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

std::string_view Rows::text(int column) const {
    const char* value = PQgetvalue(result_.get(), row_, column);
    const int length = PQgetlength(result_.get(), row_, column);
    return {value, static_cast<std::size_t>(length)};
}

void Database::Finish::operator()(pg_conn* connection) const {
    PQfinish(connection);
}

Result<Database> Database::open(const std::string& conninfo) {
    Database database(PQconnectdb(conninfo.c_str()));
    if (!database.connection_) {
        return fail(ErrorCode::Unavailable, "postgres: cannot connect: out of memory");
    }
    if (PQstatus(database.connection_.get()) != CONNECTION_OK) {
        // libpq names the host and port, never the password.
        return fail(
            ErrorCode::Unavailable,
            "postgres: cannot connect: " + one_line(PQerrorMessage(database.connection_.get())));
    }
    // Notices ("table exists, skipping") are not errors and not for stderr.
    PQsetNoticeProcessor(database.connection_.get(), ignore_notice, nullptr);
    return database;
}

Status Database::execute(const std::string& sql) {
    const std::unique_ptr<PGresult, void (*)(PGresult*)> result(
        PQexec(connection_.get(), sql.c_str()), PQclear);
    if (!succeeded(result.get())) {
        return fail(result_error(result.get(), connection_.get(), sql));
    }
    return {};
}

Result<std::string> Database::prepare(std::string_view sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) {
        return found->second;
    }
    std::string name = "osprey_" + std::to_string(statements_.size());
    const std::string text(sql);
    const std::unique_ptr<PGresult, void (*)(PGresult*)> result(
        PQprepare(connection_.get(), name.c_str(), text.c_str(), 0, nullptr), PQclear);
    if (!succeeded(result.get())) {
        return fail(result_error(result.get(), connection_.get(), sql));
    }
    statements_.emplace(text, name);
    return name;
}

Result<Rows> Database::run_prepared(std::string_view sql, const Parameters& parameters) {
    auto name = prepare(sql);
    if (!name) {
        return fail(name.error());
    }
    const std::vector<const char*> values = parameters.pointers();
    PGresult* result =
        PQexecPrepared(connection_.get(), name->c_str(), static_cast<int>(values.size()),
                       values.data(), nullptr, nullptr, 0);
    Rows rows(result);  // owns the result from here
    if (!succeeded(result)) {
        return fail(result_error(result, connection_.get(), sql));
    }
    return rows;
}

Result<Transaction> Transaction::begin(Database& database) {
    if (auto begun = database.execute("BEGIN"); !begun) {
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
        // A failed rollback leaves nothing to do: the server drops an
        // unfinished transaction when the connection goes.
        (void)database_->execute("ROLLBACK");
    }
}

}  // namespace osprey::postgres
