#include "exchanges/bybit/klines.hpp"

#include <algorithm>
#include <array>

#include "exchanges/bybit/envelope.hpp"

namespace osprey::bybit {

Candle Kline::candle() const {
    return Candle{open_time,       open.to_double(),  high.to_double(),
                  low.to_double(), close.to_double(), volume.to_double()};
}

KlineWindow kline_window(Timestamp first, Timestamp last, Timeframe timeframe, int limit) {
    const Timestamp window_last = first + timeframe.span() * (std::max(limit, 1) - 1);
    return KlineWindow{first, std::min(window_last, last)};
}

std::string kline_query(Category category, const Symbol& symbol, std::string_view interval,
                        KlineWindow window, int limit) {
    std::string query = "category=";
    query.append(to_string(category));
    query.append("&symbol=").append(symbol.view());
    query.append("&interval=").append(interval);
    query.append("&start=").append(std::to_string(window.first.millis()));
    query.append("&end=").append(std::to_string(window.last.millis()));
    query.append("&limit=").append(std::to_string(limit));
    return query;
}

namespace {

Result<Kline> parse_row(simdjson::ondemand::array& row) {
    // [startTime, open, high, low, close, volume, turnover], all strings.
    std::array<std::string_view, 6> fields{};
    std::size_t count = 0;
    for (auto element : row) {
        std::string_view text;
        if (element.get_string().get(text) != simdjson::SUCCESS) {
            return json::missing("list");
        }
        if (count < fields.size()) {
            fields.at(count) = text;
        }
        ++count;
    }
    if (count < fields.size()) {
        return fail(ErrorCode::ParseError, "Bybit kline: a row has fewer than 6 fields");
    }
    Kline kline;
    std::int64_t start = 0;
    for (const char c : fields[0]) {
        if (c < '0' || c > '9') {
            return fail(ErrorCode::ParseError, "Bybit kline: bad start time");
        }
        start = start * 10 + (c - '0');
    }
    kline.open_time = Timestamp::from_millis(start);
    std::array<Decimal*, 5> targets = {&kline.open, &kline.high, &kline.low, &kline.close,
                                       &kline.volume};
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto value = Decimal::parse(fields.at(i + 1));
        if (!value) {
            return fail(ErrorCode::ParseError,
                        "Bybit kline: bad number '" + std::string(fields.at(i + 1)) + "'");
        }
        *targets.at(i) = *value;
    }
    return kline;
}

}  // namespace

Result<std::vector<Kline>> parse_klines(std::string_view reply) {
    std::vector<Kline> out;
    auto status = read_result(reply, "klines", [&](json::Object& result) -> Status {
        simdjson::ondemand::array list;
        if (result["list"].get_array().get(list) != simdjson::SUCCESS) {
            return json::missing("list");
        }
        for (auto element : list) {
            simdjson::ondemand::array row;
            if (element.get_array().get(row) != simdjson::SUCCESS) {
                return json::missing("list");
            }
            auto kline = parse_row(row);
            if (!kline) {
                return fail(kline.error());
            }
            out.push_back(*kline);
        }
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace osprey::bybit
