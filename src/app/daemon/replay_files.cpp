#include "app/daemon/replay_files.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "data/candle_reader.hpp"

namespace osprey::app {

namespace {

bool is_candle_file(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    return name.ends_with(".csv") || name.ends_with(".csv.gz");
}

Result<sim::ReplayStream> read_stream(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    const std::size_t dash = name.find('-');
    const std::size_t dot = name.find('.', dash == std::string::npos ? 0 : dash);
    auto symbol = Symbol::parse(name.substr(0, dash));
    auto timeframe = dash == std::string::npos
                         ? Result<Timeframe>(fail(ErrorCode::ParseError, "no timeframe"))
                         : Timeframe::parse(name.substr(dash + 1, dot - dash - 1));
    if (!symbol || !timeframe) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("{}: a replay file is named SYMBOL-TIMEFRAME.csv[.gz], e.g. "
                                "BTCUSDT-1m.csv.gz",
                                path.string()));
    }
    auto candles = data::read_candles(path);
    if (!candles) {
        return fail(candles.error());
    }
    return sim::ReplayStream{*symbol, *timeframe, std::move(*candles)};
}

}  // namespace

Result<std::vector<sim::ReplayStream>> read_replay_files(const std::vector<std::string>& paths) {
    std::vector<std::filesystem::path> files;
    for (const std::string& given : paths) {
        const std::filesystem::path path(given);
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path)) {
                if (entry.is_regular_file() && is_candle_file(entry.path())) {
                    files.push_back(entry.path());
                }
            }
        } else if (std::filesystem::exists(path)) {
            files.push_back(path);
        } else {
            return fail(ErrorCode::NotFound, fmt::format("{}: no such file or folder", given));
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<sim::ReplayStream> streams;
    for (const std::filesystem::path& file : files) {
        auto stream = read_stream(file);
        if (!stream) {
            return fail(stream.error());
        }
        const bool duplicate = std::any_of(streams.begin(), streams.end(), [&](const auto& s) {
            return s.symbol == stream->symbol;
        });
        if (duplicate) {
            return fail(
                ErrorCode::InvalidArgument,
                fmt::format("{}: a second file for {}", file.string(), stream->symbol.view()));
        }
        streams.push_back(std::move(*stream));
    }
    return streams;
}

}  // namespace osprey::app
