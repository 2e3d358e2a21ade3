// `osprey serve` and `osprey bot ...` as a user runs them: the binary in
// the background, the bot commands against it, SIGTERM to stop it.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "app/tests/command_test.hpp"
#include "notify/tests/mock_notify.hpp"

namespace osprey::app {
namespace {

class ServeCli : public testing::CommandTest {
protected:
    ServeCli() : CommandTest(OSPREY_BINARY, "osprey_serve_") {}

    // Starts `osprey serve` on a LINKUSDT replay and waits (30 s at most)
    // for its daemon.json.
    pid_t start_daemon(std::vector<std::string> extra = {"--no-demo"}) {
        const std::string data_dir = (dir_ / "data").string();
        const std::string replay =
            (std::filesystem::path(OSPREY_SOURCE_DIR) / "data/sample/LINKUSDT-1m.csv.gz").string();
        std::vector<std::string> args{OSPREY_BINARY, "serve", "--data-dir", data_dir, "--port", "0",
                                      "--replay",    replay,  "--speed",    "0",      "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (std::string& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        pid_t pid = 0;
        EXPECT_EQ(::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
        for (int poll = 0; poll < 3000 && !std::filesystem::exists(dir_ / "data/daemon.json");
             ++poll) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_TRUE(std::filesystem::exists(dir_ / "data/daemon.json"));
        return pid;
    }

    testing::Outcome bot(const std::string& arguments) const {
        return osprey("bot --data-dir " + (dir_ / "data").string() + " " + arguments);
    }
};

TEST_F(ServeCli, BotCommandsDriveTheDaemonAndSigtermStopsItCleanly) {
    const pid_t daemon = start_daemon();
    const auto created =
        bot("create --name link --symbol LINKUSDT --strategy ema_cross --amount 300 --set fast=5 "
            "--set slow=20 --start");
    EXPECT_EQ(created.status, 0) << created.err;
    EXPECT_NE(created.out.find("running"), std::string::npos) << created.out;

    const auto listed = bot("list");
    EXPECT_EQ(listed.status, 0) << listed.err;
    EXPECT_NE(listed.out.find("link"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("LINKUSDT"), std::string::npos) << listed.out;

    const auto stopped = bot("stop 1");
    EXPECT_EQ(stopped.status, 0) << stopped.err;
    EXPECT_NE(stopped.out.find("stopped"), std::string::npos) << stopped.out;
    const auto again = bot("stop 1");
    EXPECT_EQ(again.status, 1);
    EXPECT_NE(again.err.find("not running"), std::string::npos) << again.err;

    ::kill(daemon, SIGTERM);
    int status = 0;
    ::waitpid(daemon, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "data/daemon.json"));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "data/osprey.db"));
}

TEST_F(ServeCli, TheConfigsWebhookHearsTheDemoBotsStartAndTrade) {
    notify::testing::MockNotify mock;
    ASSERT_TRUE(mock.running());
    const auto config = write("osprey.yaml", "notify:\n  webhook:\n    url: " + mock.url()
                                                 + "/hook/osprey\n  summary_hours: 0\n");
    const pid_t daemon = start_daemon({"--config", config.string()});
    std::string received;
    for (int poll = 0; poll < 3000; ++poll) {  // 30 s at most
        received = mock.control("/_mock/received");
        if (received.find("trade_closed") != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(daemon, SIGTERM);
    int status = 0;
    ::waitpid(daemon, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_NE(received.find("bot_started"), std::string::npos) << received.substr(0, 500);
    EXPECT_NE(received.find("trade_opened"), std::string::npos) << received.substr(0, 500);
    EXPECT_NE(received.find("trade_closed"), std::string::npos) << received.substr(0, 500);
    EXPECT_NE(received.find("link-ema"), std::string::npos) << received.substr(0, 500);
}

TEST_F(ServeCli, ABadConfigStopsTheDaemonBeforeItTouchesAnything) {
    const auto config = write("osprey.yaml", "notify:\n  webhook:\n    url: ftp://x\n");
    const auto refused = osprey("serve --data-dir " + (dir_ / "data").string() + " --config "
                                + config.string() + " --quiet");
    EXPECT_EQ(refused.status, 2);
    EXPECT_NE(refused.err.find("osprey.yaml:3"), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "data"));
}

TEST_F(ServeCli, WithoutADaemonTheBotCommandSaysHowToStartOne) {
    const auto listed = bot("list");
    EXPECT_EQ(listed.status, 1);
    EXPECT_NE(listed.err.find("osprey serve"), std::string::npos) << listed.err;
    EXPECT_EQ(listed.err.find('\n'), listed.err.size() - 1) << listed.err;  // one line
}

TEST_F(ServeCli, AReplayFileThatDoesNotReadIsOneLineNamingIt) {
    const auto bad = write("nosymbol.csv", "ts,open,high,low,close,volume\n");
    const auto named = osprey("serve --data-dir " + (dir_ / "data").string() + " --replay "
                              + bad.string() + " --quiet");
    EXPECT_EQ(named.status, 1);
    EXPECT_NE(named.err.find("nosymbol.csv"), std::string::npos) << named.err;
    const auto missing =
        osprey("serve --data-dir " + (dir_ / "data").string() + " --replay /nonexistent/x --quiet");
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("/nonexistent/x: no such file"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace osprey::app
