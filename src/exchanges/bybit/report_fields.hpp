#pragma once
// Reading one order, execution or position object (REST row or stream
// element) into its report. Shared by the REST client and the stream parser.

#include "exchanges/bybit/json_fields.hpp"
#include "exchanges/bybit/reports.hpp"

namespace osprey::bybit {

Result<OrderReport> read_order(json::Object& object);
Result<ExecutionReport> read_execution(json::Object& object);
Result<PositionReport> read_position(json::Object& object);

}  // namespace osprey::bybit
