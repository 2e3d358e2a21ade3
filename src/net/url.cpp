#include "net/url.hpp"

#include <array>
#include <charconv>

namespace osprey::net {

namespace {

struct SchemeDefaults {
    std::string_view prefix;
    bool tls;
    std::uint16_t port;
};

constexpr std::array<SchemeDefaults, 4> schemes{{
    {"https://", true, 443},
    {"wss://", true, 443},
    {"http://", false, 80},
    {"ws://", false, 80},
}};

bool is_unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
           || c == '_' || c == '.' || c == '~';
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view url) {
    Endpoint endpoint;
    bool known = false;
    for (const SchemeDefaults& scheme : schemes) {
        if (url.starts_with(scheme.prefix)) {
            endpoint.tls = scheme.tls;
            endpoint.port = scheme.port;
            url.remove_prefix(scheme.prefix.size());
            known = true;
            break;
        }
    }
    if (!known) {
        return fail(ErrorCode::InvalidArgument,
                    "URL must start with http://, https://, ws:// or wss://: " + std::string(url));
    }
    const std::size_t slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos) {
        endpoint.path = std::string(url.substr(slash));
        while (!endpoint.path.empty() && endpoint.path.back() == '/') {
            endpoint.path.pop_back();
        }
    }
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        const std::string_view port = authority.substr(colon + 1);
        unsigned value = 0;
        const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (error != std::errc{} || end != port.data() + port.size() || value == 0
            || value > 65535) {
            return fail(ErrorCode::InvalidArgument, "bad port in URL: " + std::string(port));
        }
        endpoint.port = static_cast<std::uint16_t>(value);
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) {
        return fail(ErrorCode::InvalidArgument, "URL has no host");
    }
    endpoint.host = std::string(authority);
    return endpoint;
}

std::string percent_encode(std::string_view text) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (const char c : text) {
        if (is_unreserved(c)) {
            encoded.push_back(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            encoded.push_back('%');
            encoded.push_back(hex[byte >> 4U]);
            encoded.push_back(hex[byte & 0x0FU]);
        }
    }
    return encoded;
}

QueryString& QueryString::add(std::string_view name, std::string_view value) {
    parameters_.emplace_back(std::string(name), std::string(value));
    return *this;
}

QueryString& QueryString::add(std::string_view name, std::int64_t value) {
    return add(name, std::to_string(value));
}

std::string QueryString::encoded() const {
    std::string text;
    for (const auto& [name, value] : parameters_) {
        if (!text.empty()) {
            text.push_back('&');
        }
        text += percent_encode(name);
        text.push_back('=');
        text += percent_encode(value);
    }
    return text;
}

}  // namespace osprey::net
