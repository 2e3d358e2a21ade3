#include "strategy/parameters.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace osprey::strategy {

Parameters::Parameters(std::string_view strategy, std::span<const ParameterSpec> specs)
    : strategy_(strategy), specs_(specs) {
    values_.reserve(specs.size());
    for (const ParameterSpec& spec : specs) {
        values_.push_back(spec.default_value);
    }
}

const ParameterSpec* Parameters::find(std::string_view name) const {
    for (const ParameterSpec& spec : specs_) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

Status Parameters::set(std::string_view name, std::string_view text) {
    const ParameterSpec* spec = find(name);
    if (spec == nullptr) {
        return set(name, 0.0);  // reports the unknown name
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()
        || !std::isfinite(value)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid value '{}' for parameter '{}' of strategy '{}': not a "
                                "number",
                                text, name, strategy_));
    }
    return set(name, value);
}

Status Parameters::set(std::string_view name, double value) {
    const ParameterSpec* spec = find(name);
    if (spec == nullptr) {
        std::string known;
        for (const ParameterSpec& s : specs_) {
            known += known.empty() ? "" : ", ";
            known += s.name;
        }
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("unknown parameter '{}' for strategy '{}' (it has: {})", name,
                                strategy_, known.empty() ? "no parameters" : known));
    }
    if (spec->kind == ParameterKind::Integer && value != std::floor(value)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid value {} for parameter '{}' of strategy '{}': must be a "
                                "whole number",
                                value, name, strategy_));
    }
    if (value < spec->min || value > spec->max) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("invalid value {} for parameter '{}' of strategy '{}': must be "
                                "between {} and {}",
                                value, name, strategy_, format_parameter(*spec, spec->min),
                                format_parameter(*spec, spec->max)));
    }
    values_[static_cast<std::size_t>(spec - specs_.data())] = value;
    return {};
}

double Parameters::get(std::string_view name) const {
    const ParameterSpec* spec = find(name);
    OSPREY_ASSERT(spec != nullptr, "a strategy read a parameter it does not declare");
    return values_[static_cast<std::size_t>(spec - specs_.data())];
}

std::string format_parameter(const ParameterSpec& spec, double value) {
    if (spec.kind == ParameterKind::Integer) {
        return fmt::format("{}", static_cast<std::int64_t>(value));
    }
    return fmt::format("{}", value);
}

}  // namespace osprey::strategy
