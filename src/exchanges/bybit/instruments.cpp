#include "exchanges/bybit/instruments.hpp"

#include <string>

#include "exchanges/bybit/envelope.hpp"
#include "exchanges/bybit/json_fields.hpp"

namespace osprey::bybit {

Price InstrumentRules::round_price(Price price, Side side) const {
    if (tick_size.is_zero()) {
        return price;
    }
    return side == Side::Buy ? price.floor_to(tick_size) : price.ceil_to(tick_size);
}

Quantity InstrumentRules::round_quantity(Quantity quantity) const {
    return quantity_step.is_zero() ? quantity : quantity.floor_to(quantity_step);
}

Result<Quantity> InstrumentRules::tradable_quantity(Quantity quantity,
                                                    Price reference_price) const {
    const Quantity rounded = round_quantity(quantity);
    const std::string name(symbol.view());
    if (rounded.is_zero() || rounded.decimal().is_negative()) {
        return fail(ErrorCode::Rejected, name + ": quantity " + quantity.to_string()
                                             + " rounds to zero at step "
                                             + quantity_step.to_string());
    }
    if (rounded < min_quantity) {
        return fail(ErrorCode::Rejected, name + ": quantity " + rounded.to_string()
                                             + " is under the minimum " + min_quantity.to_string());
    }
    // Trailing zeros dropped first: the product's scale is the sum of both.
    const Decimal notional =
        reference_price.decimal().normalized() * rounded.decimal().normalized();
    if (!reference_price.is_zero() && notional < min_notional) {
        return fail(ErrorCode::Rejected, name + ": notional " + notional.normalized().to_string()
                                             + " is under the minimum "
                                             + min_notional.normalized().to_string());
    }
    return rounded;
}

namespace {

Result<InstrumentRules> parse_row(json::Object& row) {
    InstrumentRules rules;
    auto symbol = json::symbol(row, "symbol");
    if (!symbol) {
        return fail(symbol.error());
    }
    rules.symbol = *symbol;
    json::Object price_filter;
    json::Object lot_filter;
    if (row["priceFilter"].get_object().get(price_filter) != simdjson::SUCCESS) {
        return json::missing("priceFilter");
    }
    auto tick = json::decimal(price_filter, "tickSize");
    if (row["lotSizeFilter"].get_object().get(lot_filter) != simdjson::SUCCESS) {
        return json::missing("lotSizeFilter");
    }
    // Linear rows carry qtyStep/minNotionalValue, spot rows basePrecision/minOrderAmt.
    std::string_view step = json::text_or(lot_filter, "qtyStep", "");
    if (step.empty()) {
        step = json::text_or(lot_filter, "basePrecision", "");
    }
    const std::string_view min_quantity = json::text_or(lot_filter, "minOrderQty", "0");
    std::string_view min_notional = json::text_or(lot_filter, "minNotionalValue", "");
    if (min_notional.empty()) {
        min_notional = json::text_or(lot_filter, "minOrderAmt", "0");
    }
    auto step_value = Quantity::parse(step);
    auto min_quantity_value = Quantity::parse(min_quantity);
    auto min_notional_value = Decimal::parse(min_notional);
    if (!tick || !step_value || !min_quantity_value || !min_notional_value) {
        return fail(ErrorCode::ParseError,
                    "Bybit instruments: bad filters for " + std::string(rules.symbol.view()));
    }
    rules.tick_size = Price(*tick);
    rules.quantity_step = *step_value;
    rules.min_quantity = *min_quantity_value;
    rules.min_notional = *min_notional_value;
    return rules;
}

}  // namespace

Result<std::vector<InstrumentRules>> parse_instruments(std::string_view reply) {
    std::vector<InstrumentRules> out;
    auto status = read_result_list(reply, "instruments", [&](json::Object& row) -> Status {
        auto rules = parse_row(row);
        if (!rules) {
            return fail(rules.error());
        }
        out.push_back(*rules);
        return {};
    });
    if (!status) {
        return fail(status.error());
    }
    return out;
}

}  // namespace osprey::bybit
