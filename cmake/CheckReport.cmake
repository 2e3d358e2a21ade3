# The report test (run by ctest, release builds): `osprey report` on the
# sample candles, then web/report/test/check_report.mjs opens the page in
# headless Chromium and checks it against the trades CSV of the same run.
#
#   cmake -DOSPREY=<osprey> -DNODE=<node> -DSOURCE_DIR=<repo> -DWORK_DIR=<dir>
#         -DSTRATEGY=<name> -DARGS="<more report options>" -P CheckReport.cmake

cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
separate_arguments(extra UNIX_COMMAND "${ARGS}")
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
