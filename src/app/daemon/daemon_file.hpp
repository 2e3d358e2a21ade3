#pragma once
// How `osprey bot ...` finds the running daemon: `osprey serve` writes
// <data dir>/daemon.json ({"url": "...", "pid": N}) once its API listens,
// and removes it when it stops. The API token, if any, comes from the
// environment (OSPREY_API_TOKEN) on both sides, never from a file.

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace osprey::app {

inline constexpr int default_daemon_port = 8731;

// Written whole or not at all (a temporary file renamed over it).
Status write_daemon_file(const std::filesystem::path& data_dir, const std::string& url, long pid);
void remove_daemon_file(const std::filesystem::path& data_dir);
// The daemon's URL; an error saying how to start one when there is none.
Result<std::string> read_daemon_url(const std::filesystem::path& data_dir);

// OSPREY_API_TOKEN, or empty.
std::string api_token_from_environment();

}  // namespace osprey::app
