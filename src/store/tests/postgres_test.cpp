// What only the PostgreSQL store promises.

#include <string>

#include <gtest/gtest.h>

#include "store/postgres/postgres_store.hpp"
#include "store/tests/postgres_cluster.hpp"

namespace osprey::store_tests {
namespace {

TEST(PostgresConnection, AFailedConnectionNeverShowsThePassword) {
    // Port 1 on loopback refuses at once.
    auto store = postgres::open_store(
        "host=127.0.0.1 port=1 user=osprey password=hunter2-secret dbname=osprey "
        "connect_timeout=5");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("cannot connect"), std::string::npos);
}

TEST(PostgresConnection, TheTestClusterIsRunning) {
    const auto cluster = test_cluster();
    ASSERT_TRUE(cluster) << "no PostgreSQL test cluster (see postgres_cluster.hpp)";
    auto store = postgres::open_store(*cluster + " options='-c search_path=pg_temp'");
    ASSERT_TRUE(store) << store.error().message;
}

}  // namespace
}  // namespace osprey::store_tests
