#include "server/bot_spec.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::server {

namespace json = boost::json;

namespace {

constexpr std::array known_fields{"name",
                                  "exchange",
                                  "symbol",
                                  "strategy",
                                  "parameters",
                                  "mode",
                                  "timeframe",
                                  "amount",
                                  "stop_loss_pct",
                                  "take_profit_pct",
                                  "trailing_stop_pct",
                                  "compounding",
                                  "sizing",
                                  "risk_pct",
                                  "risk_amount",
                                  "fee_aware",
                                  "fee"};

Failure bad(std::string_view field, std::string_view rule, const json::value& got) {
    return fail(ErrorCode::InvalidArgument,
                fmt::format("{}: {}, got {}", field, rule, json::serialize(got)));
}

Result<std::string> text_field(const json::object& object, std::string_view field) {
    const json::value& value = object.at(field);
    if (!value.is_string() || value.as_string().empty()) {
        return bad(field, "must be a non-empty string", value);
    }
    return std::string(value.as_string());
}

// A percentage from 0 up to `below`.
Result<double> percent_field(const json::object& object, std::string_view field, double below) {
    const json::value& value = object.at(field);
    if (!value.is_number() || !(value.to_number<double>() >= 0)
        || !(value.to_number<double>() < below)) {
        return bad(field, fmt::format("must be a number from 0 up to {}", below), value);
    }
    return value.to_number<double>();
}

Result<Decimal> amount_field(const json::object& object) {
    const json::value& value = object.at("amount");
    std::string text;
    if (value.is_string()) {
        text = value.as_string();
    } else if (value.is_number()) {
        text = json::serialize(value);
    }
    auto amount = Decimal::parse(text);
    if (!amount || !(amount->to_double() > 0)) {
        return bad("amount", "must be a positive decimal", value);
    }
    return *amount;
}

Status read_parameters(const json::value& value, BotSpec& spec) {
    if (!value.is_object()) {
        return bad("parameters", "must be an object of name: value", value);
    }
    spec.parameters.clear();
    for (const auto& [name, given] : value.as_object()) {
        if (given.is_string()) {
            spec.parameters.emplace_back(name, std::string(given.as_string()));
        } else if (given.is_number()) {
            spec.parameters.emplace_back(name, json::serialize(given));
        } else {
            return bad(fmt::format("parameters.{}", std::string_view(name)),
                       "must be a number or a string", given);
        }
    }
    return {};
}

Status read_choices(const json::object& object, BotSpec& spec) {
    if (object.contains("exchange")) {
        auto exchange = text_field(object, "exchange");
        if (!exchange || (*exchange != "binance" && *exchange != "bybit")) {
            return bad("exchange", R"(must be "binance" or "bybit")", object.at("exchange"));
        }
        spec.exchange = *exchange;
    }
    if (object.contains("mode")) {
        auto mode = text_field(object, "mode");
        if (!mode || (*mode != "paper" && *mode != "live")) {
            return bad("mode", R"(must be "paper" or "live")", object.at("mode"));
        }
        spec.mode = *mode == "paper" ? BotMode::Paper : BotMode::Live;
    }
    if (object.contains("timeframe")) {
        auto text = text_field(object, "timeframe");
        auto timeframe = text ? Timeframe::parse(*text) : Result<Timeframe>(fail(text.error()));
        if (!timeframe) {
            return bad("timeframe", R"(must be a timeframe such as "1m" or "15m")",
                       object.at("timeframe"));
        }
        spec.timeframe = *timeframe;
    }
    if (object.contains("compounding")) {
        if (!object.at("compounding").is_bool()) {
            return bad("compounding", "must be true or false", object.at("compounding"));
        }
        spec.compounding = object.at("compounding").as_bool();
    }
    return {};
}

Status read_numbers(const json::object& object, BotSpec& spec) {
    const std::array<std::pair<const char*, double*>, 3> percents{
        std::pair{"stop_loss_pct", &spec.stop_loss_pct},
        std::pair{"take_profit_pct", &spec.take_profit_pct},
        std::pair{"trailing_stop_pct", &spec.trailing_stop_pct}};
    for (const auto& [field, target] : percents) {
        if (object.contains(field)) {
            auto value = percent_field(object, field,
                                       field == std::string_view("take_profit_pct") ? 1e6 : 100);
            if (!value) {
                return fail(value.error());
            }
            *target = *value;
        }
    }
    if (object.contains("fee")) {
        auto fee = percent_field(object, "fee", 1);
        if (!fee) {
            return fail(fee.error());
        }
        spec.fee = *fee;
    }
    if (object.contains("amount")) {
        auto amount = amount_field(object);
        if (!amount) {
            return fail(amount.error());
        }
        spec.amount = *amount;
    }
    return {};
}

Status read_sizing(const json::object& object, BotSpec& spec) {
    if (object.contains("sizing")) {
        auto text = text_field(object, "sizing");
        const std::array choices{SizingChoice::Amount, SizingChoice::RiskPercent,
                                 SizingChoice::RiskAmount};
        const auto* found = std::find_if(choices.begin(), choices.end(), [&](SizingChoice c) {
            return text && to_string(c) == *text;
        });
        if (found == choices.end()) {
            return bad("sizing", R"(must be "amount", "risk_percent" or "risk_amount")",
                       object.at("sizing"));
        }
        spec.sizing = *found;
    }
    if (object.contains("risk_pct")) {
        auto risk = percent_field(object, "risk_pct", 100);
        if (!risk || *risk <= 0) {
            return bad("risk_pct", "must be a percentage above 0, below 100",
                       object.at("risk_pct"));
        }
        spec.risk_pct = *risk;
    }
    if (object.contains("risk_amount")) {
        auto risk = percent_field(object, "risk_amount", 1e12);
        if (!risk) {
            return bad("risk_amount", "must be a quote amount of 0 or more",
                       object.at("risk_amount"));
        }
        spec.risk_amount = *risk;
    }
    if (object.contains("fee_aware")) {
        if (!object.at("fee_aware").is_bool()) {
            return bad("fee_aware", "must be true or false", object.at("fee_aware"));
        }
        spec.fee_aware = object.at("fee_aware").as_bool();
    }
    return {};
}

Status read_names(const json::object& object, BotSpec& spec) {
    if (object.contains("name")) {
        auto name = text_field(object, "name");
        if (!name || name->size() > 64) {
            return bad("name", "must be a string of 1 to 64 characters", object.at("name"));
        }
        spec.name = *name;
    }
    if (object.contains("symbol")) {
        auto text = text_field(object, "symbol");
        auto symbol = text ? Symbol::parse(*text) : Result<Symbol>(fail(text.error()));
        if (!symbol) {
            return bad("symbol", "must be 1 to 23 of A-Z, 0-9, - _ /", object.at("symbol"));
        }
        spec.symbol = *symbol;
    }
    if (object.contains("strategy")) {
        auto strategy = text_field(object, "strategy");
        if (!strategy) {
            return fail(strategy.error());
        }
        spec.strategy = *strategy;
    }
    if (object.contains("parameters")) {
        return read_parameters(object.at("parameters"), spec);
    }
    return {};
}

Result<json::object> parse_object(std::string_view text) {
    boost::system::error_code error;
    json::value value = json::parse(text, error);
    if (error) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("the body is not JSON: {}", error.message()));
    }
    if (!value.is_object()) {
        return fail(ErrorCode::InvalidArgument, "the body must be a JSON object");
    }
    for (const auto& [key, unused] : value.as_object()) {
        if (std::find(known_fields.begin(), known_fields.end(), std::string_view(key))
            == known_fields.end()) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("{}: unknown field (known: name, exchange, symbol, strategy, "
                                    "parameters, mode, timeframe, amount, stop_loss_pct, "
                                    "take_profit_pct, trailing_stop_pct, compounding, sizing, "
                                    "risk_pct, risk_amount, fee_aware, fee)",
                                    std::string_view(key)));
        }
    }
    return std::move(value.as_object());
}

Result<BotSpec> apply(BotSpec spec, std::string_view text) {
    auto object = parse_object(text);
    if (!object) {
        return fail(object.error());
    }
    for (const Status& read : {read_names(*object, spec), read_choices(*object, spec),
                               read_numbers(*object, spec), read_sizing(*object, spec)}) {
        if (!read) {
            return fail(read.error());
        }
    }
    if (spec.sizing != SizingChoice::Amount && !(spec.stop_loss_pct > 0)) {
        return fail(ErrorCode::InvalidArgument,
                    "sizing: risk sizing needs a stop loss (stop_loss_pct above 0)");
    }
    if (spec.sizing == SizingChoice::RiskAmount && !(spec.risk_amount > 0)) {
        return fail(ErrorCode::InvalidArgument,
                    "risk_amount: risk_amount sizing needs a risk_amount above 0");
    }
    return spec;
}

}  // namespace

Result<BotSpec> parse_bot_spec(std::string_view json) {
    auto spec = apply(BotSpec{}, json);
    if (!spec) {
        return spec;
    }
    for (const auto& [missing, field] :
         {std::pair{spec->name.empty(), "name"}, std::pair{spec->symbol.view().empty(), "symbol"},
          std::pair{spec->strategy.empty(), "strategy"},
          std::pair{spec->amount.to_double() <= 0, "amount"}}) {
        if (missing) {
            return fail(ErrorCode::InvalidArgument, fmt::format("{}: is required", field));
        }
    }
    return spec;
}

Result<BotSpec> update_bot_spec(const BotSpec& spec, std::string_view patch) {
    return apply(spec, patch);
}

std::string to_json(const BotSpec& spec) {
    std::string parameters;
    for (const auto& [name, value] : spec.parameters) {
        parameters += fmt::format("{}{}:{}", parameters.empty() ? "" : ",", json_string(name),
                                  json_string(value));
    }
    return fmt::format(
        R"({{"name":{},"exchange":{},"symbol":{},"strategy":{},"parameters":{{{}}},"mode":"{}",)"
        R"("timeframe":"{}","amount":"{}","stop_loss_pct":{},"take_profit_pct":{},)"
        R"("trailing_stop_pct":{},"compounding":{},"sizing":"{}","risk_pct":{},"risk_amount":{},)"
        R"("fee_aware":{},"fee":{}}})",
        json_string(spec.name), json_string(spec.exchange), json_string(spec.symbol.view()),
        json_string(spec.strategy), parameters, to_string(spec.mode), spec.timeframe.to_string(),
        spec.amount.to_string(), spec.stop_loss_pct, spec.take_profit_pct, spec.trailing_stop_pct,
        spec.compounding, to_string(spec.sizing), spec.risk_pct, spec.risk_amount, spec.fee_aware,
        spec.fee);
}

}  // namespace osprey::server
