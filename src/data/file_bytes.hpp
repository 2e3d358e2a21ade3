#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace osprey::data {

// The whole file as bytes, decompressed when it is gzip (detected by its
// magic bytes, not its name).
Result<std::string> read_file_bytes(const std::filesystem::path& path);

}  // namespace osprey::data
