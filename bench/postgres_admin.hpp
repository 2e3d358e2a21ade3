#pragma once
// The benchmarks' PostgreSQL housekeeping: each runs in a schema of its own,
// created before and dropped after, through a connection of its own.

#include <string>

#include <libpq-fe.h>

namespace osprey::bench {

// Runs one statement on its own connection; true when it succeeded.
// Quietly: dropping a schema lists every table as a notice.
inline bool administer(const std::string& conninfo, const std::string& sql) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    bool done = false;
    if (PQstatus(connection) == CONNECTION_OK) {
        const std::string quiet = "SET client_min_messages = warning; " + sql;
        PGresult* result = PQexec(connection, quiet.c_str());
        done = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
    }
    PQfinish(connection);
    return done;
}

}  // namespace osprey::bench
