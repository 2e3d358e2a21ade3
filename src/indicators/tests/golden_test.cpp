// Agreement with TA-Lib 0.6.4 on real candles (shared/data/golden/README.md):
// 1e-9 relative for SMA, EMA, RSI, MACD and ATR; 1e-6 for the Bollinger
// bands, whose TA-Lib values lose digits to E[x²] − E[x]² cancellation.

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "indicators/atr.hpp"
#include "indicators/bollinger.hpp"
#include "indicators/macd.hpp"
#include "indicators/rsi.hpp"

namespace osprey::indicators {
namespace {

constexpr double nan_cell = std::numeric_limits<double>::quiet_NaN();

// Columns of the golden files, in order.
enum Column : std::size_t {
    Ts,
    Open,
    High,
    Low,
    Close,
    Volume,
    Sma20,
    Ema12,
    Ema26,
    Rsi14,
    MacdLine,
    MacdSignal,
    MacdHist,
    BbUpper,
    BbMiddle,
    BbLower,
    Atr14,
    ColumnCount
};

struct Golden {
    std::vector<std::vector<double>> columns = std::vector<std::vector<double>>(ColumnCount);
    std::vector<Candle> candles;
};

Golden load(const std::string& name) {
    std::ifstream file(std::string(OSPREY_SHARED_DATA) + "/golden/" + name);
    EXPECT_TRUE(file) << name;
    Golden golden;
    std::string line;
    std::getline(file, line);  // header
    while (std::getline(file, line)) {
        std::size_t start = 0;
        for (std::size_t column = 0; column < ColumnCount; ++column) {
            const std::size_t comma = line.find(',', start);
            const std::string cell = line.substr(start, comma - start);
            golden.columns[column].push_back(cell.empty() ? nan_cell
                                                          : std::strtod(cell.c_str(), nullptr));
            start = comma + 1;
        }
        const auto& c = golden.columns;
        golden.candles.push_back(
            Candle{Timestamp::from_millis(static_cast<std::int64_t>(c[Ts].back())), c[Open].back(),
                   c[High].back(), c[Low].back(), c[Close].back(), c[Volume].back()});
    }
    return golden;
}

void expect_matches(const std::vector<double>& ours, const std::vector<double>& reference,
                    double tolerance, const char* what) {
    ASSERT_EQ(ours.size(), reference.size());
    std::size_t compared = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        ASSERT_EQ(std::isnan(ours[i]), std::isnan(reference[i])) << what << " defined at row " << i;
        if (std::isnan(reference[i])) {
            continue;
        }
        const double scale = std::max(std::fabs(reference[i]), 1e-300);
        ASSERT_LE(std::fabs(ours[i] - reference[i]) / scale, tolerance)
            << what << " at row " << i << ": " << ours[i] << " vs TA-Lib " << reference[i];
        ++compared;
    }
    EXPECT_GT(compared, ours.size() * 9 / 10) << what;
}

class GoldenTalib : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenTalib, AgreesWithTaLib) {
    const Golden golden = load(GetParam());
    const auto& col = golden.columns;
    const std::vector<double>& close = col[Close];
    expect_matches(sma(close, 20), col[Sma20], 1e-9, "sma20");
    expect_matches(ema(close, 12), col[Ema12], 1e-9, "ema12");
    expect_matches(ema(close, 26), col[Ema26], 1e-9, "ema26");
    expect_matches(rsi(close, 14), col[Rsi14], 1e-9, "rsi14");
    const MacdSeries m = macd(close, 12, 26, 9);
    expect_matches(m.macd, col[MacdLine], 1e-9, "macd");
    expect_matches(m.signal, col[MacdSignal], 1e-9, "macd signal");
    // The histogram is a small difference of two large values: compare it
    // relative to the MACD line's scale rather than its own.
    std::vector<double> hist_error(m.histogram.size());
    for (std::size_t i = 0; i < hist_error.size(); ++i) {
        if (!std::isnan(col[MacdHist][i])) {
            EXPECT_NEAR(m.histogram[i], col[MacdHist][i],
                        1e-9 * std::fabs(col[MacdLine][i]) + 1e-12)
                << "macd hist at row " << i;
        }
    }
    const BollingerSeries b = bollinger(close, 20, 2.0);
    expect_matches(b.upper, col[BbUpper], 1e-6, "bb upper");
    expect_matches(b.middle, col[BbMiddle], 1e-9, "bb middle");
    expect_matches(b.lower, col[BbLower], 1e-6, "bb lower");
    expect_matches(atr(golden.candles, 14), col[Atr14], 1e-9, "atr14");
}

INSTANTIATE_TEST_SUITE_P(SharedData, GoldenTalib,
                         ::testing::Values("BTCUSDT-1h-talib.csv", "FILUSDT-1m-talib.csv"));

}  // namespace
}  // namespace osprey::indicators
