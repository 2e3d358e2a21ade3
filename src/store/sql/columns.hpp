#pragma once
// Reads typed values out of the current row, keeping the first value that
// did not parse (a corrupt or hand-edited row) as an error naming the table
// and column, so a record is decoded in straight-line code and checked once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/symbol.hpp"
#include "core/timestamp.hpp"
#include "engine/ports/store.hpp"
#include "store/sql/connection.hpp"

namespace osprey::sql {

class Columns {
public:
    Columns(const Rows& rows, std::string_view table) : rows_(&rows), table_(table) {}

    std::int64_t integer(int column) const { return rows_->integer(column); }

    std::uint64_t id(int column) const { return static_cast<std::uint64_t>(integer(column)); }

    BotId bot(int column) const { return BotId(id(column)); }

    ClientOrderId order(int bot_column, int sequence_column) const {
        return ClientOrderId{bot(bot_column), id(sequence_column)};
    }

    double real(int column) const { return rows_->real(column); }

    std::string text(int column) const { return std::string(rows_->text(column)); }

    Timestamp time(int column) const { return Timestamp::from_nanos(integer(column)); }

    Decimal decimal(int column) {
        auto value = Decimal::parse(rows_->text(column));
        if (!value) {
            note(column, value.error().message);
            return {};
        }
        return *value;
    }

    template <class Tag>
    DecimalOf<Tag> decimal_of(int column) {
        return DecimalOf<Tag>(decimal(column));
    }

    Symbol symbol(int column) {
        auto value = Symbol::parse(rows_->text(column));
        if (!value) {
            note(column, value.error().message);
            return {};
        }
        return *value;
    }

    // One of an enum's text forms, 0..last (engine::parse_text).
    template <class E>
    E choice(int column, E last) {
        std::optional<E> value = engine::parse_text(rows_->text(column), last);
        if (!value) {
            note(column, "unknown value '" + std::string(rows_->text(column)) + "'");
            return E{};
        }
        return *value;
    }

    // The first value that did not parse, if any.
    Status status() const {
        if (error_) {
            return fail(ErrorCode::ParseError, *error_);
        }
        return {};
    }

private:
    void note(int column, const std::string& why) {
        if (!error_) {
            error_ =
                "table " + std::string(table_) + ", column " + std::to_string(column) + ": " + why;
        }
    }

    const Rows* rows_;
    std::string_view table_;
    std::optional<std::string> error_;
};

// Every row of `rows` read into a Record by `read(Columns&)`; the first
// failure (of the database or of a value) ends it.
template <class Record, class Read>
Result<std::vector<Record>> read_all(Result<Rows> rows, std::string_view table, Read read) {
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<Record> records;
    for (;;) {
        auto more = rows->next();
        if (!more) {
            return fail(more.error());
        }
        if (!*more) {
            return records;
        }
        Columns columns(*rows, table);
        records.push_back(read(columns));
        if (auto parsed = columns.status(); !parsed) {
            return fail(parsed.error());
        }
    }
}

}  // namespace osprey::sql
