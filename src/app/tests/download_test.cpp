// `osprey download` against the mock exchange: the candle CSV it writes,
// and resuming after an interruption (a killed process, a half-written row)
// to the same bytes as an uninterrupted download.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "app/tests/command_test.hpp"
#include "data/candle_reader.hpp"
#include "net/testing/mock_exchange.hpp"

namespace osprey::app {
namespace {

// One mock for the whole test program, started on first use.
net::testing::MockExchange& mock() {
    static net::testing::MockExchange exchange("ALGOUSDT");
    return exchange;
}

// The mock's market clock starts at 2026-02-08 00:00 UTC with a week of history.
constexpr std::string_view week =
    "--symbol ALGOUSDT --interval 1m --from 2026-02-01 --to 2026-02-08";
constexpr std::size_t week_of_minutes = std::size_t{7} * 24 * 60;

class Download : public testing::CommandTest {
protected:
    Download() : CommandTest(OSPREY_BINARY, "osprey_download_") {}

    void SetUp() override {
        CommandTest::SetUp();
        ASSERT_TRUE(mock().running()) << "the mock exchange did not start";
        mock().control("/_mock/reset", "{}");
    }

    std::string arguments(std::string_view range, const std::filesystem::path& out) const {
        return "download --exchange bybit --base-url " + mock().url() + " " + std::string(range)
               + " --out " + out.string();
    }
};

TEST_F(Download, WritesTheCandleCsvWithAProgressBar) {
    const auto out = dir_ / "ALGOUSDT-1m.csv";
    const auto run = osprey(arguments(week, out));
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.err.find("ALGOUSDT 1m ["), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("10080/10080 bars"), std::string::npos) << run.err;
    auto candles = data::read_candles(out);
    ASSERT_TRUE(candles) << candles.error().message;
    ASSERT_EQ(candles->size(), week_of_minutes);
    EXPECT_EQ(candles->front().open_time.millis(), 1'769'904'000'000);  // 2026-02-01 00:00
    EXPECT_EQ(candles->back().open_time.millis(), 1'770'508'740'000);   // 2026-02-07 23:59
    // Again over a complete file: nothing to fetch, nothing changes.
    const std::string before = testing::slurp(out);
    ASSERT_EQ(osprey(arguments(week, out)).status, 0);
    EXPECT_EQ(testing::slurp(out), before);
}

TEST_F(Download, ResumesAfterAHalfWrittenRow) {
    const auto full = dir_ / "full.csv";
    ASSERT_EQ(osprey(arguments(week, full)).status, 0);
    const std::string whole = testing::slurp(full);
    // Cut in the middle of a row, as a kill during a write would.
    const auto cut = whole.find('\n', whole.size() / 3) + 9;
    const auto part = write("part.csv", whole.substr(0, cut));
    const auto resumed = osprey(arguments(week, part));
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_EQ(testing::slurp(part), whole);
}

TEST_F(Download, ResumesAfterTheProcessIsKilled) {
    const auto full = dir_ / "full.csv";
    ASSERT_EQ(osprey(arguments(week, full)).status, 0);
    // Slow pages, so the kill lands mid-download.
    mock().control("/_mock/fault",
                   R"({"kind":"delay","ms":150,"count":100,"path":"/v5/market/kline"})");
    const auto part = dir_ / "part.csv";
    std::vector<std::string> args = {OSPREY_BINARY};
    std::string words = arguments(week, part);
    for (std::size_t at = 0; at < words.size();) {
        const auto space = words.find(' ', at);
        args.push_back(words.substr(at, space - at));
        at = space == std::string::npos ? words.size() : space + 1;
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    // Wait (10 s at most) until at least two pages are on disk, then kill.
    for (int poll = 0; poll < 1000; ++poll) {
        std::error_code error;
        if (std::filesystem::file_size(part, error) > 60'000 && !error) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the download finished before it could be interrupted";
    const std::string partial = testing::slurp(part);
    ASSERT_LT(partial.size(), testing::slurp(full).size());
    mock().control("/_mock/reset", "{}");
    const auto resumed = osprey(arguments(week, part));
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_EQ(testing::slurp(part), testing::slurp(full));
}

TEST_F(Download, BinanceAndBybitGiveTheSameCandles) {
    constexpr std::string_view day =
        "--symbol ALGOUSDT --interval 5m --from 2026-02-06 --to 2026-02-07";
    const auto from_bybit = dir_ / "bybit.csv";
    const auto from_binance = dir_ / "binance.csv";
    ASSERT_EQ(osprey(arguments(day, from_bybit)).status, 0);
    const std::string binance_args = "download --exchange binance --base-url " + mock().url() + " "
                                     + std::string(day) + " --out " + from_binance.string();
    const auto run = osprey(binance_args);
    ASSERT_EQ(run.status, 0) << run.err;
    auto bybit_candles = data::read_candles(from_bybit);
    auto binance_candles = data::read_candles(from_binance);
    ASSERT_TRUE(bybit_candles && binance_candles);
    EXPECT_EQ(bybit_candles->size(), 288U);
    EXPECT_EQ(*bybit_candles, *binance_candles);
}

TEST_F(Download, RefusesBadArgumentsAndForeignFiles) {
    const auto out = dir_ / "x.csv";
    auto run = osprey(
        "download --exchange bybit --symbol ALGOUSDT --interval 1m --from 2026-02-09 --to "
        "2026-02-01 "
        "--out "
        + out.string());
    EXPECT_EQ(run.status, 2);
    EXPECT_EQ(run.err, "osprey: --to must be after --from\n");
    run = osprey(
        "download --exchange bybit --symbol ALGOUSDT --interval 7m --from 2026-02-01 --to "
        "2026-02-02 "
        "--out "
        + out.string());
    EXPECT_EQ(run.status, 2);
    const auto foreign = write("notes.csv", "hello,world\n1,2\n");
    run = osprey(arguments(week, foreign));
    EXPECT_EQ(run.status, 2) << run.err;
    EXPECT_NE(run.err.find("not an Osprey candle CSV"), std::string::npos) << run.err;
    EXPECT_EQ(testing::slurp(foreign), "hello,world\n1,2\n");
}

}  // namespace
}  // namespace osprey::app
