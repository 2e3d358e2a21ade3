# One idiom for every target (Abseil's helper, cut to what we need).
#
#   osprey_library(NAME data SRCS a.cpp b.cpp DEPS osprey::core ZLIB::ZLIB [DIR path])
#     -> target osprey_<name>, alias osprey::<name>, include root src/.
#     Its osprey:: DEPS are recorded in layers.txt in the build tree, where
#     the layering test (cmake/CheckLayers.cmake) checks them against DESIGN.md.
#   osprey_test(NAME core SRCS x_test.cpp DEPS osprey::core [LABELS unit])
#   osprey_bench(NAME backtest SRCS backtest_bench.cpp DEPS osprey::sim)

set(OSPREY_LAYERS_FILE ${CMAKE_BINARY_DIR}/layers.txt)
file(WRITE ${OSPREY_LAYERS_FILE} "")

function(osprey_library)
  cmake_parse_arguments(ARG "" "NAME;DIR" "SRCS;DEPS" ${ARGN})
  set(target osprey_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS})
  add_library(osprey::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${target} PRIVATE ${OSPREY_WARNINGS})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  if(NOT ARG_DIR)
    set(ARG_DIR ${ARG_NAME})
  endif()
  set(layers "")
  foreach(dep IN LISTS ARG_DEPS)
    if(dep MATCHES "^osprey::(.+)$")
      list(APPEND layers ${CMAKE_MATCH_1})
    endif()
  endforeach()
  string(JOIN " " layers ${layers})
  file(APPEND ${OSPREY_LAYERS_FILE} "${ARG_NAME} ${ARG_DIR}: ${layers}\n")
endfunction()

function(osprey_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  set(target osprey_${ARG_NAME}_tests)
  add_executable(${target} ${ARG_SRCS})
  target_compile_options(${target} PRIVATE ${OSPREY_WARNINGS})
  target_compile_definitions(${target} PRIVATE
      OSPREY_SHARED_DATA="${OSPREY_SHARED_DATA}"
      OSPREY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${target} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

function(osprey_bench)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target osprey_${ARG_NAME}_bench)
  add_executable(${target} ${ARG_SRCS})
  target_compile_options(${target} PRIVATE ${OSPREY_WARNINGS})
  target_compile_definitions(${target} PRIVATE OSPREY_SHARED_DATA="${OSPREY_SHARED_DATA}")
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} benchmark::benchmark)
endfunction()
