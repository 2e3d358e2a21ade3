// What only the SQLite store promises: where its file is, and WAL mode.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sqlite3.h>
#include <string>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"

namespace osprey::store_tests {
namespace {

class SqliteFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "osprey-sqlite-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
    }

    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }

    std::filesystem::path root_;
};

TEST_F(SqliteFile, TheDefaultIsOspreyDbUnderOspreyData) {
    EXPECT_EQ(sqlite::default_data_dir, "osprey-data");
    EXPECT_EQ(sqlite::database_file, "osprey.db");
}

TEST_F(SqliteFile, TheFileLivesUnderTheDataDirInWalMode) {
    const std::filesystem::path data_dir = root_ / "nested" / "osprey-data";
    auto store = sqlite::open_store(data_dir);
    ASSERT_TRUE(store) << store.error().message;
    const std::filesystem::path file = data_dir / "osprey.db";
    ASSERT_TRUE(std::filesystem::exists(file));

    sqlite3* database = nullptr;
    ASSERT_EQ(sqlite3_open_v2(file.c_str(), &database, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(database, "PRAGMA journal_mode", -1, &statement, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    const std::string mode = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(database);
    EXPECT_EQ(mode, "wal");
}

TEST_F(SqliteFile, AnUnwritableDataDirIsOneClearError) {
    const std::filesystem::path blocker = root_ / "file";
    { std::ofstream(blocker) << "not a directory"; }
    auto store = sqlite::open_store(blocker / "osprey-data");
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("data directory"), std::string::npos)
        << store.error().message;
}

}  // namespace
}  // namespace osprey::store_tests
