#include "notify/redactor.hpp"

#include <algorithm>

namespace osprey::notify {

namespace {

// Shorter strings would blank out ordinary words ("/hook").
constexpr std::size_t shortest_secret = 6;

}  // namespace

void Redactor::add_secret(std::string_view secret) {
    if (secret.size() < shortest_secret) {
        return;
    }
    secrets_.emplace_back(secret);
    std::ranges::sort(
        secrets_, [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Redactor::add_url(std::string_view url) {
    add_secret(url);
    const std::size_t scheme = url.find("://");
    const std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (path != std::string_view::npos) {
        add_secret(url.substr(path));
    }
}

std::string Redactor::operator()(std::string_view text) const {
    std::string out(text);
    for (const std::string& secret : secrets_) {
        for (std::size_t at = out.find(secret); at != std::string::npos;
             at = out.find(secret, at + 3)) {
            out.replace(at, secret.size(), "***");
        }
    }
    return out;
}

}  // namespace osprey::notify
