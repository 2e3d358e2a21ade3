#include "core/json_text.hpp"

#include <fmt/format.h>

namespace osprey {

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string json_number(const std::optional<double>& value) {
    return value ? fmt::format("{}", *value) : std::string("null");
}

}  // namespace osprey
