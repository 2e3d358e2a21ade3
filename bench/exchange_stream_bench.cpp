// 200 symbols streamed from the mock exchange at full speed through the
// Binance kline feed: messages per second, the client's CPU % and its
// resident memory. Starts the mock (tools/mock-exchange) itself.
//
//   build/bin/osprey_exchange_stream_bench [seconds=60] [symbols=200]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "engine/ports/system_clock.hpp"
#include "exchanges/binance/kline_feed.hpp"
#include "net/http_client.hpp"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX

namespace osprey::bench {
namespace {

struct Mock {
    pid_t pid = 0;
    int port = 0;
};

Mock start_mock(int symbols, const std::filesystem::path& port_file) {
    std::string names;
    for (int i = 0; i < symbols; ++i) {
        names.append(i == 0 ? "" : ",").append(fmt::format("S{:03}USDT", i));
    }
    std::vector<std::string> arguments = {
        "/usr/bin/python3",
        std::string(OSPREY_SOURCE_DIR) + "/tools/mock-exchange/mock_exchange.py",
        "--port",
        "0",
        "--port-file",
        port_file.string(),
        "--symbols",
        names,
        "--candles",
        std::string(OSPREY_SHARED_DATA) + "/candles"};
    std::vector<char*> argv;
    argv.reserve(arguments.size() + 1);
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    Mock mock;
    if (::posix_spawn(&mock.pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        return {};
    }
    for (int poll = 0; poll < 3000 && mock.port == 0; ++poll) {
        std::ifstream file(port_file);
        if (!(file >> mock.port)) {
            mock.port = 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return mock;
}

double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](timeval t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long resident_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

int run(int seconds, int symbols) {
    const auto port_file =
        std::filesystem::temp_directory_path() / fmt::format("osprey-stream-bench-{}", ::getpid());
    const Mock mock = start_mock(symbols, port_file);
    if (mock.port == 0) {
        std::fprintf(stderr, "the mock exchange did not start\n");
        return 1;
    }
    const std::string base = fmt::format("127.0.0.1:{}", mock.port);
    engine::SystemClock clock;
    binance::KlineFeedConfig config;
    config.stream_url = "ws://" + base;
    config.rest.base_url = "http://" + base;
    for (int i = 0; i < symbols; ++i) {
        config.symbols.push_back(*Symbol::parse(fmt::format("S{:03}USDT", i)));
    }
    binance::KlineFeed feed(std::move(config), {}, clock);
    if (!feed.start()) {
        return 1;
    }
    while (feed.counters().connections_open < static_cast<int>(feed.connection_count())) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto control = net::HttpClient::create("http://" + base);
    (void)control->send({net::HttpMethod::Post,
                         "/_mock/clock",
                         R"({"mode":"realtime","speed":1000000})",
                         "application/json",
                         {}});
    std::this_thread::sleep_for(std::chrono::seconds(1));  // warm up

    const Timestamp started = clock.now();
    const double cpu_start = cpu_seconds();
    const std::int64_t messages_start = feed.counters().messages;
    const std::int64_t closed_start = feed.counters().delivered;
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const double wall = std::chrono::duration<double>(clock.now() - started).count();
    const double cpu = cpu_seconds() - cpu_start;
    const auto messages = static_cast<double>(feed.counters().messages - messages_start);
    const auto closed = static_cast<double>(feed.counters().delivered - closed_start);
    const long rss = resident_kb();
    const std::size_t connections = feed.connection_count();
    feed.stop();
    ::kill(mock.pid, SIGTERM);
    int status = 0;
    ::waitpid(mock.pid, &status, 0);
    std::filesystem::remove(port_file);

    fmt::print("symbols {} over {} connection(s), {:.1f} s\n", symbols, connections, wall);
    fmt::print("messages/s        {:.0f}\n", messages / wall);
    fmt::print("closed klines/s   {:.0f}\n", closed / wall);
    fmt::print("client CPU        {:.1f} % of one core\n", 100.0 * cpu / wall);
    fmt::print("client RSS        {:.1f} MB\n", static_cast<double>(rss) / 1024.0);
    fmt::print("malformed {}  duplicates {}  reconnects {}\n", feed.counters().malformed.load(),
               feed.counters().duplicates.load(), feed.counters().reconnects.load());
    return 0;
}

}  // namespace
}  // namespace osprey::bench

int main(int argc, char** argv) {
    const int seconds = argc > 1 ? std::stoi(argv[1]) : 60;
    const int symbols = argc > 2 ? std::stoi(argv[2]) : 200;
    return osprey::bench::run(seconds, symbols);
}
