// The PostgreSQL side of the conformance suite: each test gets a schema of
// its own in the test cluster (started by the CTest fixture, see
// CMakeLists.txt), so tests can run in parallel and leave nothing behind.

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "store/postgres/postgres_store.hpp"
#include "store/tests/backend.hpp"
#include "store/tests/postgres_cluster.hpp"

namespace osprey::store_tests {

std::optional<std::string> test_cluster() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread
    if (const char* conninfo = std::getenv("OSPREY_POSTGRES"); conninfo != nullptr) {
        return std::string(conninfo);
    }
    std::ifstream port_file(OSPREY_POSTGRES_PORT_FILE);
    std::string port;
    if (!(port_file >> port)) {
        return std::nullopt;
    }
    return "host=127.0.0.1 port=" + port + " user=osprey dbname=osprey connect_timeout=10";
}

namespace {

// Runs one statement on its own connection; fails the test if it fails.
void administer(const std::string& conninfo, const std::string& sql) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot reach the test cluster: " << PQerrorMessage(connection);
        PQfinish(connection);
        return;
    }
    // Quietly: dropping a schema lists every table as a notice.
    const std::string quiet = "SET client_min_messages = warning; " + sql;
    PGresult* result = PQexec(connection, quiet.c_str());
    EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK)
        << sql << ": " << PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(connection);
}

class PostgresBackend final : public Backend {
public:
    PostgresBackend(std::string cluster, std::string schema)
        : cluster_(std::move(cluster)), schema_(std::move(schema)) {
        administer(cluster_, "CREATE SCHEMA " + schema_);
    }

    PostgresBackend(const PostgresBackend&) = delete;
    PostgresBackend& operator=(const PostgresBackend&) = delete;
    PostgresBackend(PostgresBackend&&) = delete;
    PostgresBackend& operator=(PostgresBackend&&) = delete;

    ~PostgresBackend() override { administer(cluster_, "DROP SCHEMA " + schema_ + " CASCADE"); }

    Result<std::unique_ptr<engine::Store>> open(engine::Durability durability) override {
        return postgres::open_store(cluster_ + " options='-c search_path=" + schema_ + "'",
                                    durability);
    }

    void pretend_schema_version(int version) override {
        administer(cluster_, "INSERT INTO " + schema_ + ".schema_version (version, name) VALUES ("
                                 + std::to_string(version) + ", 'from the future')");
    }

    std::string description() const override { return "schema " + schema_; }

private:
    std::string cluster_;
    std::string schema_;
};

}  // namespace

std::unique_ptr<Backend> make_postgres_backend() {
    const std::optional<std::string> cluster = test_cluster();
    if (!cluster) {
        ADD_FAILURE() << "no PostgreSQL test cluster: run the tests through ctest (its "
                         "store_postgres fixture starts one with scripts/postgres), or set "
                         "OSPREY_POSTGRES to a connection string";
        return nullptr;
    }
    static int created = 0;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
    const std::string schema = "test_" + std::to_string(getpid()) + "_" + std::to_string(++created);
    return std::make_unique<PostgresBackend>(*cluster, schema);
}

}  // namespace osprey::store_tests
