#include "data/candle_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "data/file_bytes.hpp"
#include "data/number_parser.hpp"

namespace osprey::data {

namespace {

constexpr std::string_view osprey_header = "ts,open,high,low,close,volume";
constexpr std::size_t osprey_fields = 6;
constexpr std::size_t binance_fields = 12;
// Open times at or above this are microseconds: 1e14 ms would be the year
// 5138, while 1e14 µs was 1973.
constexpr std::int64_t microsecond_threshold = 100'000'000'000'000;
constexpr std::array<std::string_view, 5> price_names = {"open", "high", "low", "close", "volume"};

class RowParser {
public:
    RowParser(std::string_view source, CandleFormat format) : source_(source), format_(format) {}

    // Appends the row's candle, or fails naming the line.
    Status parse(std::string_view line, std::size_t line_number, std::vector<Candle>& out) {
        line_number_ = line_number;
        std::array<std::string_view, binance_fields + 1> fields;
        const std::size_t count = split(line, fields);
        const std::size_t expected =
            format_ == CandleFormat::OspreyCsv ? osprey_fields : binance_fields;
        if (count != expected) {
            return error(
                count > expected
                    ? fmt::format("expected {} comma-separated fields, found more", expected)
                    : fmt::format("expected {} comma-separated fields, found {}", expected, count));
        }
        std::int64_t open_time = 0;
        if (!parse_int64(fields[0], open_time) || open_time < 0) {
            return error(
                fmt::format("open time '{}' is not a whole number of milliseconds", fields[0]));
        }
        if (format_ == CandleFormat::BinanceArchive && open_time >= microsecond_threshold) {
            open_time /= 1000;
        }
        std::array<double, 5> values{};
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!parse_double(fields[i + 1], values[i]) || !std::isfinite(values[i])) {
                return error(fmt::format("{} '{}' is not a number", price_names[i], fields[i + 1]));
            }
        }
        const Candle candle{Timestamp::from_millis(open_time),
                            values[0],
                            values[1],
                            values[2],
                            values[3],
                            values[4]};
        if (Status valid = check(candle, out); !valid) {
            return valid;
        }
        out.push_back(candle);
        return {};
    }

private:
    static std::size_t split(std::string_view line,
                             std::array<std::string_view, binance_fields + 1>& fields) {
        std::size_t count = 0;
        for (;;) {
            const std::size_t comma = line.find(',');
            fields[count++] = line.substr(0, comma);
            if (comma == std::string_view::npos || count == fields.size()) {
                return count;
            }
            line.remove_prefix(comma + 1);
        }
    }

    Status check(const Candle& candle, const std::vector<Candle>& previous) const {
        const std::array<double, 4> prices = {candle.open, candle.high, candle.low, candle.close};
        for (std::size_t i = 0; i < prices.size(); ++i) {
            if (prices[i] <= 0) {
                return error(
                    fmt::format("{} {} is not a positive price", price_names[i], prices[i]));
            }
        }
        if (candle.volume < 0) {
            return error(fmt::format("volume {} is negative", candle.volume));
        }
        if (candle.high < std::max(candle.open, candle.close)) {
            return error(fmt::format("high {} is below the open {} or close {}", candle.high,
                                     candle.open, candle.close));
        }
        if (candle.low > std::min(candle.open, candle.close)) {
            return error(fmt::format("low {} is above the open {} or close {}", candle.low,
                                     candle.open, candle.close));
        }
        if (!previous.empty() && candle.open_time <= previous.back().open_time) {
            const bool repeated = candle.open_time == previous.back().open_time;
            return error(fmt::format("open time {} {} the previous row's {}",
                                     candle.open_time.millis(),
                                     repeated ? "repeats" : "is before (out of order)",
                                     previous.back().open_time.millis()));
        }
        return {};
    }

    Failure error(std::string what) const {
        return fail(ErrorCode::ParseError, fmt::format("{}:{}: {}", source_, line_number_, what));
    }

    std::string_view source_;
    CandleFormat format_;
    std::size_t line_number_ = 0;
};

std::string_view strip_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

}  // namespace

Result<std::vector<Candle>> parse_candles(std::string_view text, std::string_view source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);  // a UTF-8 byte order mark, as spreadsheets write
    }
    const std::size_t first_end = text.find('\n');
    const std::string_view first = strip_cr(text.substr(0, first_end));
    CandleFormat format = CandleFormat::BinanceArchive;
    bool skip_first = false;
    if (first == osprey_header) {
        format = CandleFormat::OspreyCsv;
        skip_first = true;
    } else if (first.starts_with("open_time,")) {
        skip_first = true;  // newer Binance archives carry a header row
    } else if (first.empty() || first.front() < '0' || first.front() > '9') {
        return fail(ErrorCode::ParseError,
                    fmt::format("{}:1: unknown candle format: expected the header '{}' or "
                                "Binance's 12-column rows",
                                source, osprey_header));
    }
    std::vector<Candle> candles;
    candles.reserve(text.size() / 40);
    RowParser parser(source, format);
    std::size_t line_number = 0;
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t end = text.find('\n', position);
        const std::size_t line_end = end == std::string_view::npos ? text.size() : end;
        const std::string_view line = strip_cr(text.substr(position, line_end - position));
        ++line_number;
        position = line_end + 1;
        if (line_number == 1 && skip_first) {
            continue;
        }
        if (line.empty() && position >= text.size()) {
            break;  // the file's final newline
        }
        if (Status row = parser.parse(line, line_number, candles); !row) {
            return fail(row.error());
        }
    }
    return candles;
}

Result<std::vector<Candle>> read_candles(const std::filesystem::path& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) {
        return fail(bytes.error());
    }
    return parse_candles(*bytes, path.string());
}

}  // namespace osprey::data
