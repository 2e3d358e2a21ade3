# The two stores run the same SQL: every string literal of sqlite/<file> must
# equal the one at the same place in postgres/<file>, once "sqlite" reads
# "postgres". What differs between the backends lives in their open.cpp and
# database.cpp, which this does not compare. Run by ctest (store_same_sql).
#
#   cmake -DSTORE_DIR=<src/store> -P check_same_sql.cmake

cmake_minimum_required(VERSION 3.25)

# The string literals of a file, in order, with comment lines left out.
function(literals file out)
  file(STRINGS ${file} lines)
  set(result "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*//")
      continue()
    endif()
    string(REGEX MATCHALL "\"([^\"\\\\]|\\\\.)*\"" found "${line}")
    list(APPEND result ${found})
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

set(failures "")
foreach(pair "sqlite_store.cpp:postgres_store.cpp" "history.cpp:history.cpp" "columns.hpp:columns.hpp")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 sqlite_file)
  list(GET pair 1 postgres_file)
  literals(${STORE_DIR}/sqlite/${sqlite_file} sqlite_literals)
  literals(${STORE_DIR}/postgres/${postgres_file} postgres_literals)
  string(REPLACE "sqlite" "postgres" sqlite_literals "${sqlite_literals}")
  string(JOIN "" sqlite_sql ${sqlite_literals})
  string(JOIN "" postgres_sql ${postgres_literals})
  if(NOT sqlite_sql STREQUAL postgres_sql)
    list(APPEND failures "sqlite/${sqlite_file} and postgres/${postgres_file} differ in their SQL")
  endif()
endforeach()

if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "${text}")
endif()
message(STATUS "store_same_sql: both stores run the same SQL")
