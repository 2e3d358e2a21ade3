#include "core/symbol.hpp"

#include <fmt/format.h>

namespace osprey {

Result<Symbol> Symbol::parse(std::string_view text) {
    if (text.empty() || text.size() > max_length) {
        return fail(
            ErrorCode::InvalidArgument,
            fmt::format("invalid symbol '{}': expected 1 to {} characters", text, max_length));
    }
    Symbol symbol;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool allowed =
            (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/';
        if (!allowed) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("invalid symbol '{}': character '{}' is not allowed (use "
                                    "upper-case letters, digits, '-', '_' or '/')",
                                    text, c));
        }
        symbol.chars_[i] = c;
    }
    symbol.length_ = text.size();
    return symbol;
}

}  // namespace osprey
