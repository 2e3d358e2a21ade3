# The banned-call test (STYLE.md 6.9): calls that break determinism, the
# ownership rules or clang-tidy 14, outside the few places they belong.
#
#   cmake -DROOT=<source dir> -P CheckBannedCalls.cmake

cmake_minimum_required(VERSION 3.25)

file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/src/*.hpp ${ROOT}/src/*.cpp ${ROOT}/bench/*.cpp
     ${ROOT}/bench/*.hpp ${ROOT}/tests/*.cpp)

set(failures "")

# Appends a failure for each line of code (comments stripped) matching
# `pattern`, in any file but those `exempt` matches (a regex).
function(ban pattern why exempt)
  foreach(file IN LISTS files)
    if(exempt AND file MATCHES "^(${exempt})$")
      continue()
    endif()
    file(STRINGS ${ROOT}/${file} lines)
    set(number 0)
    foreach(line IN LISTS lines)
      math(EXPR number "${number} + 1")
      string(REGEX REPLACE "//.*$" "" code "${line}")
      if(code MATCHES "${pattern}")
        list(APPEND failures "${file}:${number}: ${why}: ${line}")
      endif()
    endforeach()
  endforeach()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

ban("views::" "clang-tidy 14 cannot parse libstdc++ 12 views" "")
ban("(system_clock|steady_clock|high_resolution_clock)::now"
    "read time through the engine's Clock port" "src/app/stopwatch.hpp|src/engine/ports/system_clock.hpp")
ban("(^|[^a-z_])s?rand\\(|random_device" "use an injected, seeded generator" "")
ban("(^|[^a-z_])new [A-Za-z_][A-Za-z_0-9:<>]*[({]" "own with std::make_unique or values, never new" "")
ban("(^|[^a-z_=])delete (\\[\\] )?[a-z_][a-z_0-9]*;" "own with RAII, never delete" "")

foreach(file IN LISTS files)
  if(file MATCHES "\\.hpp$")
    file(STRINGS ${ROOT}/${file} lines REGEX "^[ \t]*using namespace")
    if(lines)
      list(APPEND failures "${file}: no using namespace in headers")
    endif()
  endif()
endforeach()

if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "banned calls:\n${text}")
endif()
list(LENGTH files count)
message(STATUS "banned calls: none in ${count} files")
