#include "exchanges/binance/filters.hpp"

#include <simdjson.h>

namespace osprey::binance {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// A decimal string field; absent means zero (the filter part is off).
template <class T>
Result<T> decimal_field(object filter, std::string_view name) {
    std::string_view text;
    if (filter[name].get(text) != simdjson::SUCCESS) {
        return T{};
    }
    auto value = T::parse(text);
    if (!value) {
        return fail(ErrorCode::ParseError,
                    "exchangeInfo: bad " + std::string(name) + " \"" + std::string(text) + "\"");
    }
    return *value;
}

Status read_filter(object filter, SymbolRules& rules) {
    std::string_view type;
    if (filter["filterType"].get(type) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "exchangeInfo: filter without filterType");
    }
    Status status;
    const auto take = [&](auto& target, std::string_view name) {
        using T = std::decay_t<decltype(target)>;
        auto value = decimal_field<T>(filter, name);
        if (!value) {
            status = fail(value.error());
            return;
        }
        target = *value;
    };
    if (type == "PRICE_FILTER") {
        take(rules.tick_size, "tickSize");
        take(rules.min_price, "minPrice");
        take(rules.max_price, "maxPrice");
    } else if (type == "LOT_SIZE") {
        take(rules.step_size, "stepSize");
        take(rules.min_quantity, "minQty");
        take(rules.max_quantity, "maxQty");
    } else if (type == "MARKET_LOT_SIZE") {
        take(rules.market_step_size, "stepSize");
        take(rules.market_max_quantity, "maxQty");
    } else if (type == "MIN_NOTIONAL" || type == "NOTIONAL") {
        take(rules.min_notional, "minNotional");
        take(rules.max_notional, "maxNotional");
    }
    return status;
}

Result<SymbolRules> read_symbol(object entry) {
    SymbolRules rules;
    std::string_view name;
    std::string_view status;
    std::string_view base;
    std::string_view quote;
    if (entry["symbol"].get(name) != simdjson::SUCCESS
        || entry["status"].get(status) != simdjson::SUCCESS
        || entry["baseAsset"].get(base) != simdjson::SUCCESS
        || entry["quoteAsset"].get(quote) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "exchangeInfo: symbol entry without its names");
    }
    auto symbol = Symbol::parse(name);
    if (!symbol) {
        return fail(symbol.error());
    }
    rules.symbol = *symbol;
    rules.trading = status == "TRADING";
    rules.base_asset = std::string(base);
    rules.quote_asset = std::string(quote);
    std::int64_t precision = 8;
    if (entry["quoteAssetPrecision"].get(precision) == simdjson::SUCCESS) {
        rules.quote_precision = static_cast<int>(precision);
    }
    simdjson::dom::array filters;
    if (entry["filters"].get(filters) == simdjson::SUCCESS) {
        for (element filter : filters) {
            object fields;
            if (filter.get(fields) != simdjson::SUCCESS) {
                continue;
            }
            if (auto read = read_filter(fields, rules); !read) {
                return fail(read.error());
            }
        }
    }
    return rules;
}

bool fits(Decimal value, Decimal low, Decimal high) {
    return (low.is_zero() || value >= low) && (high.is_zero() || value <= high);
}

}  // namespace

Result<std::vector<SymbolRules>> parse_exchange_info(std::string_view json) {
    simdjson::dom::parser parser;
    element document;
    if (parser.parse(json.data(), json.size()).get(document) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "exchangeInfo: not JSON");
    }
    simdjson::dom::array symbols;
    if (document["symbols"].get(symbols) != simdjson::SUCCESS) {
        return fail(ErrorCode::ParseError, "exchangeInfo: no symbols array");
    }
    std::vector<SymbolRules> all;
    all.reserve(symbols.size());
    for (element entry : symbols) {
        object fields;
        if (entry.get(fields) != simdjson::SUCCESS) {
            return fail(ErrorCode::ParseError, "exchangeInfo: symbol entry is not an object");
        }
        auto rules = read_symbol(fields);
        if (!rules) {
            return fail(rules.error());
        }
        all.push_back(std::move(*rules));
    }
    return all;
}

Price round_price(const SymbolRules& rules, Price price) {
    return rules.tick_size.is_zero() ? price : price.round_to(rules.tick_size);
}

Quantity floor_quantity(const SymbolRules& rules, Quantity quantity) {
    return rules.step_size.is_zero() ? quantity : quantity.floor_to(rules.step_size);
}

Quantity floor_market_quantity(const SymbolRules& rules, Quantity quantity) {
    return rules.market_step_size.is_zero() ? floor_quantity(rules, quantity)
                                            : quantity.floor_to(rules.market_step_size);
}

Status check_order(const SymbolRules& rules, Price price, Quantity quantity) {
    const auto filter_failure = [](std::string_view filter) {
        return fail(ErrorCode::InvalidArgument, "Filter failure: " + std::string(filter));
    };
    if (!fits(price.decimal(), rules.min_price.decimal(), rules.max_price.decimal())
        || round_price(rules, price) != price) {
        return filter_failure("PRICE_FILTER");
    }
    if (!fits(quantity.decimal(), rules.min_quantity.decimal(), rules.max_quantity.decimal())
        || floor_quantity(rules, quantity) != quantity || quantity.is_zero()) {
        return filter_failure("LOT_SIZE");
    }
    if (!fits(price * quantity, rules.min_notional, rules.max_notional)) {
        return filter_failure("NOTIONAL");
    }
    return {};
}

}  // namespace osprey::binance
