#include <cstdlib>
#include <filesystem>
#include <sqlite3.h>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store/tests/backend.hpp"

namespace osprey::store_tests {

namespace {

class SqliteBackend final : public Backend {
public:
    // The data directory is created by the store, inside `root`.
    explicit SqliteBackend(std::filesystem::path root)
        : root_(std::move(root)), directory_(root_ / "osprey-data") {}

    SqliteBackend(const SqliteBackend&) = delete;
    SqliteBackend& operator=(const SqliteBackend&) = delete;
    SqliteBackend(SqliteBackend&&) = delete;
    SqliteBackend& operator=(SqliteBackend&&) = delete;

    ~SqliteBackend() override {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }

    Result<std::unique_ptr<engine::Store>> open(engine::Durability durability) override {
        return sqlite::open_store(directory_, durability);
    }

    void pretend_schema_version(int version) override {
        sqlite3* database = nullptr;
        const std::string file = (directory_ / sqlite::database_file).string();
        ASSERT_EQ(sqlite3_open(file.c_str(), &database), SQLITE_OK);
        const std::string sql = "INSERT INTO schema_version (version, name) VALUES ("
                                + std::to_string(version) + ", 'from the future')";
        EXPECT_EQ(sqlite3_exec(database, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
            << sqlite3_errmsg(database);
        sqlite3_close(database);
    }

    std::string description() const override { return directory_.string(); }

private:
    std::filesystem::path root_;
    std::filesystem::path directory_;
};

}  // namespace

std::unique_ptr<Backend> make_sqlite_backend() {
    std::string pattern = (std::filesystem::temp_directory_path() / "osprey-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        ADD_FAILURE() << "cannot create a temporary directory";
        return nullptr;
    }
    return std::make_unique<SqliteBackend>(std::filesystem::path(pattern));
}

}  // namespace osprey::store_tests
