#include "store/sql/connection.hpp"

#include <limits>

#include "core/assert.hpp"

namespace osprey::sql {

void bind_value(Connection& connection, int index, std::uint64_t value) {
    OSPREY_ASSERT(value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()),
                  "an id too large for a SQL integer");
    connection.bind(index, static_cast<std::int64_t>(value));
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

Result<Transaction> Transaction::begin(Connection& connection) {
    if (auto begun = connection.begin(); !begun) {
        return fail(begun.error());
    }
    return Transaction(connection);
}

Status Transaction::commit() {
    auto committed = connection_->execute("COMMIT");
    if (committed) {
        open_ = false;
    }
    return committed;
}

Transaction::~Transaction() {
    if (open_) {
        // A failed rollback leaves nothing to do: SQLite has rolled back
        // already when the failure was one that ends the transaction, and
        // PostgreSQL drops an unfinished one when the connection goes.
        (void)connection_->execute("ROLLBACK");
    }
}

std::string_view first_words(std::string_view sql) {
    constexpr std::size_t shown = 60;
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) {
        sql.remove_prefix(1);
    }
    return sql.substr(0, shown);
}

}  // namespace osprey::sql
