#include "app/daemon/daemon_file.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::app {

namespace {

std::filesystem::path file_in(const std::filesystem::path& data_dir) {
    return data_dir / "daemon.json";
}

}  // namespace

Status write_daemon_file(const std::filesystem::path& data_dir, const std::string& url, long pid) {
    const std::filesystem::path target = file_in(data_dir);
    const std::filesystem::path temporary = data_dir / "daemon.json.tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << fmt::format(R"({{"url":{},"pid":{}}})", json_string(url), pid) << '\n';
        if (!out.flush()) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("{}: cannot write it", temporary.string()));
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("{}: cannot write it: {}", target.string(), error.message()));
    }
    return {};
}

void remove_daemon_file(const std::filesystem::path& data_dir) {
    std::error_code ignored;
    std::filesystem::remove(file_in(data_dir), ignored);
}

Result<std::string> read_daemon_url(const std::filesystem::path& data_dir) {
    std::ifstream in(file_in(data_dir));
    if (!in) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("no daemon is running for {} (start one with `osprey serve`, or "
                                "give --daemon URL)",
                                data_dir.string()));
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    // {"url":"http://...","pid":N}: the URL has no quotes or escapes in it.
    const std::string key = R"("url":")";
    const std::size_t start = json.find(key);
    const std::size_t end = start == std::string::npos ? start : json.find('"', start + key.size());
    if (end == std::string::npos) {
        return fail(ErrorCode::ParseError,
                    fmt::format("{}: not a daemon file", file_in(data_dir).string()));
    }
    return json.substr(start + key.size(), end - start - key.size());
}

std::string api_token_from_environment() {
    const char* token = std::getenv("OSPREY_API_TOKEN");  // NOLINT(concurrency-mt-unsafe): startup
    return token == nullptr ? std::string() : std::string(token);
}

}  // namespace osprey::app
