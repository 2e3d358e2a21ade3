// The `osprey` binary end to end: exit statuses, one-line errors, files
// written whole or not at all, and numbers that read back exactly.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/tests/command_test.hpp"
#include "data/candle_reader.hpp"
#include "sim/backtest.hpp"
#include "strategy/builtin/ema_cross.hpp"

namespace osprey::app {
namespace {

namespace fs = std::filesystem;

using testing::Outcome;
using testing::slurp;

class Cli : public testing::CommandTest {
protected:
    Cli() : CommandTest(OSPREY_BINARY, "osprey-cli-") {}
};

const std::string near = std::string(OSPREY_SHARED_DATA) + "/candles/NEARUSDT-1m.csv";

TEST_F(Cli, BadRowFailsWithFileAndLineAndWritesNoTrades) {
    const fs::path bad = write("bad.csv",
                               "ts,open,high,low,close,volume\n60000,1,2,0.5,1.5,10\n"
                               "120000,1,1.2,0.5,1.5,10\n");
    const fs::path trades = dir_ / "trades.csv";
    const Outcome o = osprey("backtest --data " + bad.string() + " --strategy ema_cross --trades "
                             + trades.string());
    EXPECT_EQ(o.status, 1);
    EXPECT_EQ(o.err, "osprey: " + bad.string() + ":3: high 1.2 is below the open 1 or close 1.5\n");
    EXPECT_EQ(o.out, "");
    EXPECT_FALSE(fs::exists(trades));
}

TEST_F(Cli, UnknownStrategyOrParameterOrBadValueExitsTwoWithOneLine) {
    for (const std::string& args :
         {std::string("--strategy nope"), std::string("--strategy ema_cross --set speed=3"),
          std::string("--strategy ema_cross --set fast=abc"),
          std::string("--strategy ema_cross --set fast"),
          std::string("--strategy ema_cross --sl x"), std::string("--strategy ema_cross --fee 2"),
          std::string("--strategy ema_cross --timeframe 7q")}) {
        const Outcome o = osprey(fmt::format("backtest --data {} {}", near, args));
        EXPECT_EQ(o.status, 2) << args;
        EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << args << ": " << o.err;
        EXPECT_EQ(o.err.rfind("osprey: ", 0), 0u) << o.err;
    }
}

TEST_F(Cli, TradesCsvReadsBackToTheSameDoubles) {
    const fs::path trades = dir_ / "trades.csv";
    const Outcome o = osprey("backtest --data " + near + " --strategy ema_cross --set fast=8 "
                             "--set slow=40 --sl 1.5 --tp 3 --trades " + trades.string());
    ASSERT_EQ(o.status, 0) << o.err;

    const auto candles = data::read_candles(near);
    ASSERT_TRUE(candles);
    sim::BacktestConfig config;
    config.exits = risk::ExitRule{1.5, 3};
    const auto expected =
        sim::run_backtest(*candles, Timeframe(std::chrono::minutes(1)),
                          std::make_unique<strategy::builtin::EmaCross>(8, 40), config);
    ASSERT_TRUE(expected);

    std::ifstream file(trades);
    std::string line;
    std::getline(file, line);
    EXPECT_EQ(line, "entry_ts,entry_price,exit_ts,exit_price,qty,pnl,exit_reason");
    std::size_t row = 0;
    while (std::getline(file, line)) {
        ASSERT_LT(row, expected->trades.size());
        const ClosedTrade& t = expected->trades[row++];
        std::stringstream fields(line);
        std::string cell;
        std::vector<std::string> cells;
        while (std::getline(fields, cell, ',')) {
            cells.push_back(cell);
        }
        ASSERT_EQ(cells.size(), 7u) << line;
        EXPECT_EQ(std::stoll(cells[0]), t.entry_time.millis());
        EXPECT_EQ(std::strtod(cells[1].c_str(), nullptr), t.entry_price);
        EXPECT_EQ(std::stoll(cells[2]), t.exit_time.millis());
        EXPECT_EQ(std::strtod(cells[3].c_str(), nullptr), t.exit_price);
        EXPECT_EQ(std::strtod(cells[4].c_str(), nullptr), t.quantity);
        EXPECT_EQ(std::strtod(cells[5].c_str(), nullptr), t.pnl) << line;
        EXPECT_EQ(cells[6], to_string(t.exit_reason));
    }
    EXPECT_EQ(row, expected->trades.size());
    EXPECT_GT(row, 100u);
}

TEST_F(Cli, JsonCarriesEveryFigureAndAgreesWithTheEngine) {
    const Outcome o = osprey("backtest --data " + near + " --strategy ema_cross --json");
    ASSERT_EQ(o.status, 0) << o.err;
    for (const char* key :
         {"\"bars\":132480,", "\"trades\":", "\"final_balance\":", "\"return_pct\":",
          "\"max_drawdown_pct\":", "\"win_rate\":", "\"profit_factor\":", "\"sharpe\":",
          "\"sortino\":", "\"exposure_pct\":", "\"elapsed_ms\":", "\"bars_per_s\":"}) {
        EXPECT_NE(o.out.find(key), std::string::npos) << key << " in " << o.out;
    }
    EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1);
}

TEST_F(Cli, ZeroStopAndTargetDisableThem) {
    const fs::path trades = dir_ / "trades.csv";
    const Outcome o = osprey("backtest --data " + near
                             + " --strategy ema_cross --sl 0 --tp 0 --trades " + trades.string());
    ASSERT_EQ(o.status, 0) << o.err;
    const std::string csv = slurp(trades);
    EXPECT_EQ(csv.find("stop_loss"), std::string::npos);
    EXPECT_EQ(csv.find("take_profit"), std::string::npos);
    EXPECT_NE(csv.find("signal"), std::string::npos);
}

TEST_F(Cli, ResamplesWithTimeframeAndListsStrategies) {
    const Outcome o =
        osprey("backtest --data " + near + " --strategy ema_cross --timeframe 1h --json");
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_NE(o.out.find("\"bars\":2208,"), std::string::npos) << o.out;  // 92 days × 24
    EXPECT_NE(o.out.find("\"timeframe\":\"1h\""), std::string::npos);
    const Outcome list = osprey("strategies");
    ASSERT_EQ(list.status, 0);
    EXPECT_NE(list.out.find("ema_cross"), std::string::npos);
    EXPECT_NE(list.out.find("--set fast=N  integer  default 12"), std::string::npos) << list.out;
}

TEST_F(Cli, ListsEveryStrategyAndRefusesDataTooCoarseForOne) {
    const Outcome list = osprey("strategies --json");
    ASSERT_EQ(list.status, 0);
    for (const char* name : {"ema_cross", "volatile", "simple", "enhanced", "scalp", "signals"}) {
        EXPECT_NE(list.out.find(fmt::format("\"name\":\"{}\"", name)), std::string::npos) << name;
    }
    const std::string five_minutes = std::string(OSPREY_SHARED_DATA) + "/candles/SOLUSDT-5m.csv";
    const Outcome refused = osprey("backtest --data " + five_minutes + " --strategy scalp");
    EXPECT_EQ(refused.status, 2);
    EXPECT_NE(
        refused.err.find("strategy 'scalp' reads 3m candles, which cannot be built from 5m data"),
        std::string::npos)
        << refused.err;
}

TEST_F(Cli, ShortsOnlyWhenAskedFor) {
    const fs::path trades = dir_ / "trades.csv";
    const std::string run =
        "backtest --data " + near + " --strategy scalp --trades " + trades.string();
    // Shorts print a negative quantity (the fifth column).
    const auto shorts = [&] {
        std::stringstream csv(slurp(trades));
        std::string line;
        int count = 0;
        while (std::getline(csv, line)) {
            std::stringstream row(line);
            std::string cell;
            for (int column = 0; column < 5; ++column) {
                std::getline(row, cell, ',');
            }
            count += cell.starts_with('-') ? 1 : 0;
        }
        return count;
    };
    ASSERT_EQ(osprey(run).status, 0);
    EXPECT_EQ(shorts(), 0);
    ASSERT_EQ(osprey(run + " --short").status, 0);
    EXPECT_GT(shorts(), 0);
}

TEST_F(Cli, SweepWritesEveryRunRanksTheBestAndValidatesOutOfSample) {
    const fs::path runs = dir_ / "runs.csv";
    const Outcome o = osprey("sweep --data " + near +
                             " --strategy ema_cross --grid fast=5:15:5 --grid slow=20,40"
                             " --threads 2 --top 3 --rank sharpe --walk-forward 0.7 --out " +
                             runs.string());
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_NE(o.out.find("6 runs (0 refused)"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("oos return%"), std::string::npos) << o.out;
    EXPECT_NE(o.err.find("6/6 runs"), std::string::npos) << o.err;  // progress reached the end
    std::stringstream csv(slurp(runs));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line.rfind("fast,slow,trades,final_balance,return_pct", 0), 0u) << line;
    int rows = 0;
    int validated = 0;
    while (std::getline(csv, line)) {
        ++rows;
        validated += line.find(",,,,,") == std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(rows, 6);
    EXPECT_EQ(validated, 3);  // the top 3 were replayed out of sample
}

TEST_F(Cli, SweepRefusesBadGridsAndRanks) {
    EXPECT_EQ(osprey("sweep --data " + near + " --strategy ema_cross --grid fast=5:").status, 2);
    EXPECT_EQ(osprey("sweep --data " + near + " --strategy ema_cross --grid fats=5,6").status, 2);
    const Outcome rank = osprey("sweep --data " + near + " --strategy ema_cross --rank luck");
    EXPECT_EQ(rank.status, 2);
    EXPECT_NE(rank.err.find("unknown --rank 'luck'"), std::string::npos) << rank.err;
}

TEST_F(Cli, AnUnwritableTradesPathFailsCleanlyAndLeavesNoTemporaryFile) {
    const Outcome missing = osprey("backtest --data " + near + " --strategy ema_cross --trades "
                                   + (dir_ / "missing" / "t.csv").string());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("cannot write"), std::string::npos) << missing.err;
    // A directory where the file should go: the rename fails after writing.
    fs::create_directories(dir_ / "taken.csv");
    const Outcome taken = osprey("backtest --data " + near + " --strategy ema_cross --trades "
                                 + (dir_ / "taken.csv").string());
    EXPECT_EQ(taken.status, 1);
    EXPECT_NE(taken.err.find("cannot write"), std::string::npos) << taken.err;
    for (const auto& entry : fs::directory_iterator(dir_)) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
    }
}

const std::string sample = std::string(OSPREY_SOURCE_DIR) + "/data/sample/BTCUSDT-1m.csv.gz";

// A figure from --json output, by key, as text (enough for these checks).
std::string json_value(const std::string& json, const std::string& key) {
    const std::size_t at = json.find("\"" + key + "\":");
    if (at == std::string::npos) {
        return "";
    }
    const std::size_t start = at + key.size() + 3;
    return json.substr(start, json.find_first_of(",}", start) - start);
}

TEST_F(Cli, TheGateBlocksScalpSignalsAndSaysWhichRuleEachTime) {
    const Outcome open = osprey("backtest --data " + sample + " --strategy scalp --short --json");
    ASSERT_EQ(open.status, 0) << open.err;
    const Outcome gated =
        osprey("backtest --data " + sample + " --strategy scalp --short --gate pro --json");
    ASSERT_EQ(gated.status, 0) << gated.err;
    const int signals = std::stoi(json_value(open.out, "trades"));
    ASSERT_GT(signals, 0);
    const int blocked = std::stoi(json_value(gated.out, "total"));
    EXPECT_GT(blocked, 0);
    EXPECT_LT(std::stoi(json_value(gated.out, "trades")), signals);
    EXPECT_NE(gated.out.find("\"by_reason\":{\""), std::string::npos);

    // The same gate from a config file, and `gate: off` there is no gate.
    const fs::path pro = write("pro.yaml", "gate: pro\n");
    const Outcome from_file = osprey("backtest --data " + sample
                                     + " --strategy scalp --short --json --config " + pro.string());
    ASSERT_EQ(from_file.status, 0) << from_file.err;
    EXPECT_EQ(json_value(from_file.out, "total"), json_value(gated.out, "total"));
    const fs::path off = write("off.yaml", "gate: off\n");
    const Outcome no_gate = osprey("backtest --data " + sample
                                   + " --strategy scalp --short --json --config " + off.string());
    EXPECT_EQ(json_value(no_gate.out, "trades"), json_value(open.out, "trades"));
}

TEST_F(Cli, RiskSizingFromFlagsOrConfigAndTheCommandLineWins) {
    const std::string base = "backtest --data " + sample + " --strategy ema_cross --json";
    const Outcome all_in = osprey(base);
    const Outcome risked = osprey(base + " --sizing risk_percent --risk-pct 0.5");
    ASSERT_EQ(risked.status, 0) << risked.err;
    // Half a percent at a 2 % stop puts a quarter of the equity in: smaller swings.
    EXPECT_LT(std::abs(std::stod(json_value(risked.out, "return_pct"))),
              std::abs(std::stod(json_value(all_in.out, "return_pct"))));
    const fs::path config =
        write("risk.yaml", "risk:\n  sizing: risk_percent\n  risk_pct: 0.5\n  sl: 2\n");
    const Outcome bad_key = osprey(base + " --config " + config.string());
    EXPECT_EQ(bad_key.status, 2);
    EXPECT_EQ(bad_key.err, "osprey: " + config.string() + ":4: unknown key 'sl' in risk (known: amount, "
                                             "compounding, daily_loss_limit_pct, fee_aware, "
                                             "max_open_positions, min_notional, risk_amount, "
                                             "risk_pct, sizing, stop_loss_pct, take_profit_pct, "
                                             "trailing_stop_pct)\n");
    const fs::path good = write("good.yaml", "risk:\n  sizing: risk_percent\n  risk_pct: 0.5\n");
    const Outcome from_file = osprey(base + " --config " + good.string());
    ASSERT_EQ(from_file.status, 0) << from_file.err;
    EXPECT_EQ(json_value(from_file.out, "return_pct"), json_value(risked.out, "return_pct"));
    const Outcome flag_wins = osprey(base + " --config " + good.string() + " --sizing amount");
    EXPECT_EQ(json_value(flag_wins.out, "return_pct"), json_value(all_in.out, "return_pct"));
}

TEST_F(Cli, RiskSettingsOutOfRangeAreRefusedWithOneLine) {
    const std::string base = "backtest --data " + sample + " --strategy ema_cross";
    for (const std::string& bad :
         {std::string(" --sizing kelly"), std::string(" --sizing risk_percent --risk-pct 0"),
          std::string(" --sizing risk_percent --sl 0"), std::string(" --gate maybe"),
          std::string(" --daily-loss-limit 100"), std::string(" --min-notional -1")}) {
        const Outcome run = osprey(base + bad);
        EXPECT_EQ(run.status, 2) << bad;
        EXPECT_TRUE(run.out.empty()) << bad;
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << bad << ": " << run.err;
    }
}

TEST_F(Cli, TooSmallEntriesAreNotSentAndCounted) {
    const Outcome run = osprey("backtest --data " + sample +
                               " --strategy ema_cross --json --amount 5 --fixed-amount "
                               "--min-notional 10");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(json_value(run.out, "trades"), "0");
    EXPECT_GT(std::stoi(json_value(run.out, "total")), 0);
    EXPECT_NE(run.out.find("size below the minimum notional"), std::string::npos);
}

}  // namespace
}  // namespace osprey::app
