# The report test (run by ctest, release builds): `osprey report` on the
# sample candles, then web/report/test/check_report.mjs opens the page in
# headless Chromium and checks it against the trades CSV of the same run.
#
#   cmake -DOSPREY=<osprey> -DNODE=<node> -DSOURCE_DIR=<repo> -DWORK_DIR=<dir>
#         -DSTRATEGY=<name> -DARGS="<more report options>" [-DPORTFOLIO=<candles>]
#         -P CheckReport.cmake
#
# With PORTFOLIO, a portfolio run of the sample and that file through
# `osprey backtest --report DIR`, and each symbol's page is checked against
# that symbol's rows of the portfolio's trades CSV.

cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
separate_arguments(extra UNIX_COMMAND "${ARGS}")

if(PORTFOLIO)
  execute_process(
    COMMAND ${OSPREY} backtest --data ${SOURCE_DIR}/data/sample/BTCUSDT-1m.csv.gz
            --data ${PORTFOLIO} --strategy ${STRATEGY} ${extra} --report ${WORK_DIR}
            --trades ${WORK_DIR}/trades.csv
    OUTPUT_QUIET
    RESULT_VARIABLE status
    ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "osprey backtest --report failed (${status}): ${errors}")
  endif()
  file(STRINGS ${WORK_DIR}/trades.csv rows)
  list(POP_FRONT rows header)
  string(REGEX REPLACE "^symbol," "" header "${header}")
  get_filename_component(name ${PORTFOLIO} NAME)
  string(REGEX MATCH "^[A-Z0-9]+" other "${name}")
  foreach(symbol IN ITEMS BTCUSDT ${other})
    set(csv "${header}\n")
    foreach(row IN LISTS rows)
      if(row MATCHES "^${symbol},(.*)$")
        string(APPEND csv "${CMAKE_MATCH_1}\n")
      endif()
    endforeach()
    file(WRITE ${WORK_DIR}/${symbol}-trades.csv "${csv}")
    execute_process(
      COMMAND ${NODE} ${SOURCE_DIR}/web/report/test/check_report.mjs
              ${WORK_DIR}/${symbol}-${STRATEGY}.html ${WORK_DIR}/${symbol}-trades.csv
      RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "${symbol}'s page did not pass in the browser "
                          "(${WORK_DIR}/${symbol}-${STRATEGY}.html)")
    endif()
  endforeach()
  return()
endif()
execute_process(
  COMMAND ${OSPREY} report --data ${SOURCE_DIR}/data/sample/BTCUSDT-1m.csv.gz
          --strategy ${STRATEGY} ${extra} --out ${WORK_DIR}/report.html
          --trades ${WORK_DIR}/trades.csv --json
  OUTPUT_FILE ${WORK_DIR}/summary.json
  RESULT_VARIABLE status
  ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "osprey report failed (${status}): ${errors}")
endif()
execute_process(
  COMMAND ${NODE} ${SOURCE_DIR}/web/report/test/check_report.mjs ${WORK_DIR}/report.html
          ${WORK_DIR}/trades.csv
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the report did not pass in the browser (${WORK_DIR}/report.html)")
endif()
