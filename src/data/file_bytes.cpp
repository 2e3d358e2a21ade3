#include "data/file_bytes.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>
#include <zlib.h>

#include <fmt/format.h>
#include <fmt/std.h>

namespace osprey::data {

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

struct GzCloser {
    void operator()(gzFile file) const { gzclose(file); }
};

Failure io_error(const std::filesystem::path& path, std::string_view what) {
    return fail(ErrorCode::NotFound, fmt::format("{}: cannot read: {}", path.string(), what));
}

Result<std::string> read_gzip(const std::filesystem::path& path) {
    const std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) {
        return io_error(path, std::error_code(errno, std::generic_category()).message());
    }
    gzbuffer(file.get(), 1 << 20);
    std::string bytes;
    constexpr std::size_t chunk = std::size_t{1} << 22;
    for (;;) {
        const std::size_t old_size = bytes.size();
        bytes.resize(old_size + chunk);
        const int got = gzread(file.get(), bytes.data() + old_size, static_cast<unsigned>(chunk));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file.get(), &code);
            return fail(ErrorCode::ParseError,
                        fmt::format("{}: corrupt gzip data: {}", path.string(), message));
        }
        bytes.resize(old_size + static_cast<std::size_t>(got));
        if (got == 0) {
            break;
        }
    }
    return bytes;
}

}  // namespace

Result<std::string> read_file_bytes(const std::filesystem::path& path) {
    const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        return io_error(path, std::error_code(errno, std::generic_category()).message());
    }
    std::string bytes;
    char buffer[1 << 16];
    for (;;) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
        bytes.append(buffer, got);
        if (got < sizeof buffer) {
            break;
        }
    }
    if (std::ferror(file.get()) != 0) {
        return io_error(path, "read failed");
    }
    const bool gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f
                      && static_cast<unsigned char>(bytes[1]) == 0x8b;
    if (gzip) {
        return read_gzip(path);
    }
    return bytes;
}

}  // namespace osprey::data
