// `osprey report` and `osprey backtest --report DIR` end to end: where the
// page goes, that it is whole and self-contained, and one-line refusals.
// (The page in a browser: web/report/test/check_report.mjs, ctest's
// report_in_browser_* tests.)

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "app/tests/command_test.hpp"

namespace osprey::app {
namespace {

namespace fs = std::filesystem;

using testing::Outcome;
using testing::slurp;

std::string fmt_two_decimals(const std::string& number) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(2);
    out << std::stod(number);
    return out.str();
}

class ReportCli : public testing::CommandTest {
protected:
    ReportCli() : CommandTest(OSPREY_BINARY, "osprey-report-") {}
};

const std::string sample = std::string(OSPREY_SOURCE_DIR) + "/data/sample/BTCUSDT-1m.csv.gz";

TEST_F(ReportCli, BacktestReportWritesDirSymbolDashStrategyHtmlWithTheLibraryInlined) {
    const fs::path reports = dir_ / "reports" / "new";  // made when missing
    const Outcome o =
        osprey("backtest --data " + sample
               + " --strategy ema_cross --timeframe 15m --json --report " + reports.string());
    ASSERT_EQ(o.status, 0) << o.err;
    const std::string page = slurp(reports / "BTCUSDT-ema_cross.html");
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(page.find("window.LightweightCharts="), std::string::npos);  // offline
    EXPECT_EQ(page.find("/*@osprey-"), std::string::npos);                 // slots filled
    EXPECT_EQ(page.find("<script src"), std::string::npos);
    EXPECT_NE(page.find(R"("display_timeframe":"15m")"), std::string::npos);
    // The statistics the report adds are in --json too.
    for (const char* key :
         {"\"avg_trade_pnl\":", "\"best_trade_pct\":", "\"worst_trade_pct\":",
          "\"avg_holding_hours\":", "\"trades_per_day\":", "\"cagr_pct\":", "\"calmar\":"}) {
        EXPECT_NE(o.out.find(key), std::string::npos) << key << " in " << o.out;
    }
}

TEST_F(ReportCli, ReportWritesItsOutFileWholeAndPrintsTheSummary) {
    const fs::path out = dir_ / "run.html";
    const Outcome o =
        osprey("report --data " + sample + " --strategy volatile --out " + out.string());
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_NE(o.out.find("Backtest  volatile("), std::string::npos) << o.out;
    EXPECT_NE(slurp(out).find("</html>"), std::string::npos);
    for (const auto& entry : fs::directory_iterator(dir_)) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
    }
}

TEST_F(ReportCli, PortfolioTotalsTakeEverySymbolsTradesIntoThePerTradeFigures) {
    const std::string near = std::string(OSPREY_SHARED_DATA) + "/candles/NEARUSDT-1m.csv";
    const Outcome o = osprey("backtest --data " + sample + " --data " + near
                             + " --strategy ema_cross --timeframe 15m --json");
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(o.out.find("\"avg_trade_pnl\":null"), std::string::npos) << o.out;
    EXPECT_EQ(o.out.find("\"best_trade_pct\":null"), std::string::npos) << o.out;
}

// The figure after `"key":` at the first `"key":` following `from`.
std::string field_after(const std::string& text, std::string_view from, std::string_view key) {
    const std::size_t start = text.find(from);
    if (start == std::string::npos) {
        return "";
    }
    std::string needle(1, '"');  // built up: GCC 12 warns (-Wrestrict) on "\"" + key
    needle.append(key).append("\":");
    const std::size_t at = text.find(needle, start);
    if (at == std::string::npos) {
        return "";
    }
    const std::size_t begin = at + needle.size();
    return text.substr(begin, text.find_first_of(",}", begin) - begin);
}

TEST_F(ReportCli, APortfolioReportIsOnePagePerSymbolWithItsOwnTradesAndTheSharedAccount) {
    const std::string near = std::string(OSPREY_SHARED_DATA) + "/candles/NEARUSDT-1m.csv";
    const fs::path reports = dir_ / "portfolio";
    const Outcome o =
        osprey("backtest --data " + sample + " --data " + near
               + " --strategy ema_cross --timeframe 15m --json --report " + reports.string());
    ASSERT_EQ(o.status, 0) << o.err;
    const std::string total_trades = field_after(o.out, "{", "trades");
    int page_trades = 0;
    for (const char* symbol : {"BTCUSDT", "NEARUSDT"}) {
        const std::string page = slurp(reports / (std::string(symbol) + "-ema_cross.html"));
        ASSERT_NE(page.find("</html>"), std::string::npos) << symbol;
        EXPECT_NE(page.find("(one of 2 symbols sharing the account)"), std::string::npos);
        // The page's trades are the symbol's, as --json counts them.
        const std::string own =
            field_after(o.out, std::string(R"("symbol":")") + symbol + '"', "trades");
        ASSERT_FALSE(own.empty()) << o.out;
        EXPECT_EQ(field_after(page, R"(id="report-data")", "trades"), own) << symbol;
        page_trades += std::stoi(own);
        // The account figures are the portfolio's.
        EXPECT_NE(page.find(R"(["final_balance","Final balance",")"
                            + fmt_two_decimals(field_after(o.out, "{", "final_balance")) + "\"]"),
                  std::string::npos)
            << symbol;
    }
    EXPECT_EQ(std::to_string(page_trades), total_trades);
}

TEST_F(ReportCli, RefusesWithOneLine) {
    const Outcome portfolio = osprey("report --data " + sample + " --data " + sample
                                     + " --strategy ema_cross --out " + (dir_ / "r.html").string());
    EXPECT_EQ(portfolio.status, 2);
    EXPECT_EQ(portfolio.err,
              "osprey: --out writes one page, but there are 2 --data files: use `osprey backtest "
              "--report DIR` for a page per symbol\n");
    EXPECT_FALSE(fs::exists(dir_ / "r.html"));
    const Outcome no_out = osprey("report --data " + sample + " --strategy ema_cross");
    EXPECT_EQ(no_out.status, 2);
    EXPECT_NE(no_out.err.find("--out"), std::string::npos) << no_out.err;
    const Outcome unwritable = osprey("report --data " + sample + " --strategy ema_cross --out "
                                      + (dir_ / "missing" / "r.html").string());
    EXPECT_EQ(unwritable.status, 1);
    EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace osprey::app
