#pragma once
// Removes secrets (bot tokens, webhook URLs and their paths, header values)
// from text before it reaches a log line or an error message. Everything
// notify writes goes through one.

#include <string>
#include <string_view>
#include <vector>

namespace osprey::notify {

class Redactor {
public:
    Redactor() = default;

    // Adds a secret; for a URL also its path, which is what HTTP errors show.
    void add_secret(std::string_view secret);
    void add_url(std::string_view url);

    // `text` with every secret replaced by "***".
    std::string operator()(std::string_view text) const;

private:
    std::vector<std::string> secrets_;  // longest first, so a part never leaks a rest
};

}  // namespace osprey::notify
