#pragma once
// Named numeric strategy parameters with defaults and ranges, so sweeps, the
// command line and the dashboard can list and set them (DESIGN.md
// "Strategies"). Values arrive as text from users and are checked here:
// unknown names, text that is not a number, fractions for whole-number
// parameters and values out of range are refused with one clear line.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace osprey::strategy {

enum class ParameterKind : std::uint8_t { Integer, Real };

struct ParameterSpec {
    std::string_view name;
    ParameterKind kind = ParameterKind::Real;
    double default_value = 0;
    double min = 0;
    double max = 0;
    std::string_view description;
};

class Parameters {
public:
    // Every parameter at its default.
    Parameters(std::string_view strategy, std::span<const ParameterSpec> specs);

    // "fast" = "12": checks the name, the number, its kind and its range.
    Status set(std::string_view name, std::string_view text);
    Status set(std::string_view name, double value);

    // Trusted read by a strategy of one of its own parameters (asserts).
    double get(std::string_view name) const;

    int get_int(std::string_view name) const { return static_cast<int>(get(name)); }

    std::span<const ParameterSpec> specs() const { return specs_; }

    std::string_view strategy() const { return strategy_; }

private:
    const ParameterSpec* find(std::string_view name) const;

    std::string_view strategy_;
    std::span<const ParameterSpec> specs_;
    std::vector<double> values_;
};

// "12", "0.5": the number a parameter value names, formatted back for people.
std::string format_parameter(const ParameterSpec& spec, double value);

}  // namespace osprey::strategy
