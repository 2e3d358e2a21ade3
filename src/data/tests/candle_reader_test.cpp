#include "data/candle_reader.hpp"

#include <filesystem>
#include <fstream>
#include <zlib.h>

#include <gtest/gtest.h>

namespace osprey::data {
namespace {

constexpr std::string_view header = "ts,open,high,low,close,volume\n";

std::string parse_error(std::string_view text) {
    const auto result = parse_candles(text, "bars.csv");
    EXPECT_FALSE(result) << text;
    return result ? std::string() : result.error().message;
}

TEST(CandleReader, ReadsOspreyCsv) {
    const auto candles = parse_candles(
        std::string(header) + "60000,1.5,2,1,1.75,10\r\n120000,1.75,1.8,1.7,1.7,0\n", "x.csv");
    ASSERT_TRUE(candles) << candles.error().message;
    ASSERT_EQ(candles->size(), 2u);
    EXPECT_EQ((*candles)[0], (Candle{Timestamp::from_millis(60'000), 1.5, 2, 1, 1.75, 10}));
    EXPECT_EQ((*candles)[1].open_time.millis(), 120'000);
}

TEST(CandleReader, ReadsBinanceArchiveInMillisecondsAndMicroseconds) {
    const std::string millis =
        "1709251200000,61130.99,61197.66,61126.0,61196.0,121.02,1709251259999,7400000,5000,60,"
        "3600000,0\n";
    const std::string micros =
        "1709251260000000,61196.0,61217.41,61162.0,61185.84,40.04,1709251319999999,2450000,"
        "2000,20,1200000,0\n";
    const auto candles = parse_candles(millis + micros, "BTCUSDT-1m-2024-03.csv");
    ASSERT_TRUE(candles) << candles.error().message;
    ASSERT_EQ(candles->size(), 2u);
    EXPECT_EQ((*candles)[0].open_time.millis(), 1'709'251'200'000);
    EXPECT_EQ((*candles)[1].open_time.millis(), 1'709'251'260'000);
    EXPECT_EQ((*candles)[1].close, 61185.84);

    const auto with_header = parse_candles(
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
        "taker_buy_quote_volume,ignore\n"
            + millis,
        "x.csv");
    ASSERT_TRUE(with_header) << with_header.error().message;
    EXPECT_EQ(with_header->size(), 1u);
}

TEST(CandleReader, NamesFileAndLineOfEveryKindOfBadRow) {
    const std::string good = "60000,1,2,0.5,1.5,10\n";
    EXPECT_EQ(parse_error(std::string(header) + good + "120000,1,2,0.5\n"),
              "bars.csv:3: expected 6 comma-separated fields, found 4");
    EXPECT_EQ(parse_error(std::string(header) + "60000,1,2,0.5,abc,10\n"),
              "bars.csv:2: close 'abc' is not a number");
    EXPECT_EQ(parse_error(std::string(header) + "60000,1,2,0.5,NaN,10\n"),
              "bars.csv:2: close 'NaN' is not a number");
    EXPECT_EQ(parse_error(std::string(header) + "60000,-1,2,0.5,1,10\n"),
              "bars.csv:2: open -1 is not a positive price");
    EXPECT_EQ(parse_error(std::string(header) + "60000,1,2,0.5,1,-10\n"),
              "bars.csv:2: volume -10 is negative");
    EXPECT_EQ(parse_error(std::string(header) + "60000,1,1.2,0.5,1.5,10\n"),
              "bars.csv:2: high 1.2 is below the open 1 or close 1.5");
    EXPECT_EQ(parse_error(std::string(header) + "60000,1,2,1.1,1.5,10\n"),
              "bars.csv:2: low 1.1 is above the open 1 or close 1.5");
    EXPECT_EQ(parse_error(std::string(header) + good + good),
              "bars.csv:3: open time 60000 repeats the previous row's 60000");
    EXPECT_EQ(parse_error(std::string(header) + good + "0,1,2,0.5,1.5,10\n"),
              "bars.csv:3: open time 0 is before (out of order) the previous row's 60000");
    EXPECT_EQ(parse_error(std::string(header) + good + "\n" + good),
              "bars.csv:3: expected 6 comma-separated fields, found 1");
    EXPECT_EQ(parse_error(std::string(header) + "1.5e3,1,2,0.5,1.5,10\n"),
              "bars.csv:2: open time '1.5e3' is not a whole number of milliseconds");
    EXPECT_EQ(parse_error("time,o,h,l,c,v\n"),
              "bars.csv:1: unknown candle format: expected the header "
              "'ts,open,high,low,close,volume' or Binance's 12-column rows");
    EXPECT_EQ(parse_error(good), "bars.csv:1: expected 12 comma-separated fields, found 6");
}

class CandleFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path()
               / ("osprey-reader-"
                  + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
        std::filesystem::create_directories(dir_);
    }

    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
};

TEST_F(CandleFiles, ReadsGzippedFilesByTheirMagicBytes) {
    const std::string text = std::string(header) + "60000,1,2,0.5,1.5,10\n120000,1.5,2,1,1,3\n";
    const auto path = dir_ / "bars.csv.gz";
    gzFile file = gzopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
              static_cast<int>(text.size()));
    gzclose(file);
    const auto candles = read_candles(path);
    ASSERT_TRUE(candles) << candles.error().message;
    EXPECT_EQ(candles->size(), 2u);
}

TEST_F(CandleFiles, ReportsATruncatedGzipAndAMissingFile) {
    std::string text = std::string(header);
    for (int i = 1; i < 2000; ++i) {
        text += std::to_string(i * 60000) + ",1,2,0.5,1.5,10\n";
    }
    const auto path = dir_ / "cut.csv.gz";
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
    gzclose(file);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    const auto truncated = read_candles(path);
    ASSERT_FALSE(truncated);
    EXPECT_NE(truncated.error().message.find("cut.csv.gz"), std::string::npos);

    const auto missing = read_candles(dir_ / "nope.csv");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("nope.csv: cannot read"), std::string::npos);
}

TEST(CandleReader, ReadsEveryRowOfTheSharedRealData) {
    const auto candles = read_candles(OSPREY_SHARED_DATA "/candles/FILUSDT-1m.csv");
    ASSERT_TRUE(candles) << candles.error().message;
    EXPECT_EQ(candles->size(), 175'680u);
    EXPECT_EQ(candles->front().open_time.millis(), 1'690'848'000'000);
    EXPECT_EQ(candles->back().open_time.millis(), 1'701'388'740'000);
}

}  // namespace
}  // namespace osprey::data
