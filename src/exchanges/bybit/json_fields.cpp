#include "exchanges/bybit/json_fields.hpp"

#include <charconv>
#include <string>

namespace osprey::bybit::json {

Failure missing(std::string_view key) {
    return fail(ErrorCode::ParseError,
                "Bybit message: missing or bad field '" + std::string(key) + "'");
}

Result<std::string_view> text(Object& object, std::string_view key) {
    std::string_view value;
    if (object[key].get_string().get(value) != simdjson::SUCCESS) {
        return missing(key);
    }
    return value;
}

std::string_view text_or(Object& object, std::string_view key, std::string_view fallback) {
    std::string_view value;
    if (object[key].get_string().get(value) != simdjson::SUCCESS) {
        return fallback;
    }
    return value;
}

Result<Decimal> decimal(Object& object, std::string_view key) {
    const std::string_view value = text_or(object, key, "");
    if (value.empty()) {
        return Decimal();
    }
    auto parsed = Decimal::parse(value);
    if (!parsed) {
        return missing(key);
    }
    return *parsed;
}

Result<std::int64_t> integer(Object& object, std::string_view key) {
    auto field = object[key];
    simdjson::ondemand::json_type type{};
    if (field.type().get(type) != simdjson::SUCCESS) {
        return missing(key);
    }
    std::int64_t number = 0;
    if (type == simdjson::ondemand::json_type::number) {
        if (field.get_int64().get(number) != simdjson::SUCCESS) {
            return missing(key);
        }
        return number;
    }
    std::string_view digits;
    if (field.get_string().get(digits) != simdjson::SUCCESS) {
        return missing(key);
    }
    const auto* end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, number);
    if (error != std::errc() || stop != end) {
        return missing(key);
    }
    return number;
}

Result<Symbol> symbol(Object& object, std::string_view key) {
    auto value = text(object, key);
    if (!value) {
        return fail(value.error());
    }
    auto parsed = Symbol::parse(*value);
    if (!parsed) {
        return missing(key);
    }
    return *parsed;
}

Result<Side> side(Object& object, std::string_view key) {
    auto value = text(object, key);
    if (!value) {
        return fail(value.error());
    }
    if (*value == "Buy") {
        return Side::Buy;
    }
    if (*value == "Sell") {
        return Side::Sell;
    }
    return missing(key);
}

}  // namespace osprey::bybit::json
