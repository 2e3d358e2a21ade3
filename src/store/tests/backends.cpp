#include <gtest/gtest.h>

#include "store/tests/backend.hpp"
#include "store/tests/conformance.hpp"

namespace osprey::store_tests {

std::unique_ptr<Backend> make_sqlite_backend();
std::unique_ptr<Backend> make_postgres_backend();

std::string to_string(Kind kind) {
    return kind == Kind::Sqlite ? "sqlite" : "postgres";
}

std::unique_ptr<Backend> make_backend(Kind kind) {
    return kind == Kind::Sqlite ? make_sqlite_backend() : make_postgres_backend();
}

namespace {

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
    return to_string(info.param);
}

}  // namespace

// ctest runs the two separately: the Postgres tests need the cluster
// fixture (src/store/tests/CMakeLists.txt).
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(Kind::Sqlite), kind_name);
INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformance, ::testing::Values(Kind::Postgres), kind_name);

}  // namespace osprey::store_tests
