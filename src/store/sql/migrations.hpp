#pragma once
// The shared migrations (src/store/migrations/*.sql), built into the
// binary by src/store/embed_migrations.cmake.

#include <span>
#include <string_view>

namespace osprey::sql {

struct Migration {
    int version = 0;
    std::string_view name;
    std::string_view sql;  // with @ID@ where a generated key goes
};

// Every migration, oldest first; versions run 1, 2, 3... without gaps.
std::span<const Migration> migrations();

}  // namespace osprey::sql
