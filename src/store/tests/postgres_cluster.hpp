#pragma once
// Where the PostgreSQL tests connect: $OSPREY_POSTGRES (a libpq connection
// string) if set, else the cluster the CTest fixture started (its port is
// in OSPREY_POSTGRES_PORT_FILE). None: the tests fail, they do not skip.

#include <optional>
#include <string>

namespace osprey::store_tests {

std::optional<std::string> test_cluster();

}  // namespace osprey::store_tests
