#pragma once
// A mock server of tools/ (the mock exchange, the mock notification
// services) as a child process on a free loopback port, for tests over real
// sockets. Started with --port 0; the port is read from --port-file once the
// mock writes it; the process is stopped when the test ends. Its control API
// (/_mock/...) scripts what the test needs.

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "net/http_client.hpp"

extern char** environ;  // NOLINT: POSIX names it; the child inherits our environment

namespace osprey::net::testing {

// Test targets define them (cmake/OspreyTargets.cmake); the header check
// compiles this file alone, without them.
#if defined(OSPREY_SOURCE_DIR)
inline constexpr std::string_view source_dir = OSPREY_SOURCE_DIR;
#else
inline constexpr std::string_view source_dir = ".";
#endif
#if defined(OSPREY_SHARED_DATA)
inline constexpr std::string_view shared_data = OSPREY_SHARED_DATA;
#else
inline constexpr std::string_view shared_data = "../shared/data";
#endif

class MockServer {
public:
    // script: below the source folder ("tools/mock-notify/mock_notify.py");
    // Debian's python3, which has aiohttp.
    MockServer(std::string_view script, const std::vector<std::string>& options) {
        const auto stamp = std::to_string(::getpid()) + "-"
                           + std::to_string(reinterpret_cast<std::uintptr_t>(this));
        port_file_ = std::filesystem::temp_directory_path() / ("osprey-mock-port-" + stamp);
        std::filesystem::remove(port_file_);
        std::vector<std::string> arguments = {
            "/usr/bin/python3", std::string(source_dir) + "/" + std::string(script),
            "--port",           "0",
            "--port-file",      port_file_.string()};
        arguments.insert(arguments.end(), options.begin(), options.end());
        std::vector<char*> argv;
        argv.reserve(arguments.size() + 1);
        for (auto& argument : arguments) {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
            pid_ = 0;
            return;
        }
        // Wait for the port file (written once listening), 30 s at most.
        for (int poll = 0; poll < 1500 && port_ == 0; ++poll) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = 0;  // the mock exited: no point waiting
                break;
            }
            std::ifstream file(port_file_);
            int port = 0;
            if (file >> port && port > 0) {
                port_ = port;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    MockServer(const MockServer&) = delete;
    MockServer& operator=(const MockServer&) = delete;
    MockServer(MockServer&&) = delete;
    MockServer& operator=(MockServer&&) = delete;

    ~MockServer() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        std::filesystem::remove(port_file_);
    }

    bool running() const { return port_ > 0; }

    std::string url(std::string_view scheme = "http") const {
        return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_);
    }

    // A control call: POST with a JSON body, or GET when body is empty.
    std::string control(const std::string& path, const std::string& body = "") const {
        auto client = net::HttpClient::create(url());
        EXPECT_TRUE(client);
        if (!client) {
            return {};
        }
        net::HttpRequest request;
        request.method = body.empty() ? net::HttpMethod::Get : net::HttpMethod::Post;
        request.target = path;
        request.body = body;
        request.content_type = "application/json";
        auto response = client->send(request);
        EXPECT_TRUE(response) << path;
        return response ? response->body : std::string();
    }

private:
    pid_t pid_ = 0;
    int port_ = 0;
    std::filesystem::path port_file_;
};

}  // namespace osprey::net::testing
