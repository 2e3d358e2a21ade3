#pragma once
// The v5 REST envelope {"retCode":0,"retMsg":"OK","result":{...},"time":...}
// (protocols/bybit-v5.md §3, §6): retCode 0 is success, anything else an
// error whose code decides what the caller does (resync, back off, look the
// order up, give up).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/result.hpp"
#include "exchanges/bybit/json_fields.hpp"

namespace osprey::bybit {

// retCodes the adapter acts on.
namespace ret_code {
inline constexpr std::int64_t ok = 0;
inline constexpr std::int64_t server_timeout = 10000;
inline constexpr std::int64_t timestamp_outside_window = 10002;
inline constexpr std::int64_t invalid_api_key = 10003;
inline constexpr std::int64_t bad_signature = 10004;
inline constexpr std::int64_t rate_limited = 10006;
inline constexpr std::int64_t service_restarting = 10016;
inline constexpr std::int64_t order_not_found = 110001;
inline constexpr std::int64_t duplicate_order_link_id = 110072;
inline constexpr std::int64_t duplicate_client_order_id_spot = 170141;
inline constexpr std::int64_t tpsl_not_modified = 34040;
}  // namespace ret_code

struct ReplyStatus {
    std::int64_t code = 0;
    std::string message;
};

// The retCode and retMsg of a reply, or a parse error for a body that is
// not a v5 envelope at all.
Result<ReplyStatus> read_status(std::string_view reply);

// One clear error for a failed reply: the canonical code and
// "Bybit <what>: <retMsg> (retCode N)". Never carries request headers.
Error reply_error(const ReplyStatus& status, std::string_view what);

using ResultReader = std::function<Status(json::Object& result)>;
using RowReader = std::function<Status(json::Object& row)>;

// Checks the envelope and hands `result` to the reader.
Status read_result(std::string_view reply, std::string_view what, const ResultReader& reader);
// Checks the envelope and hands every object of result.list to the reader.
Status read_result_list(std::string_view reply, std::string_view what, const RowReader& reader);

// result.nextPageCursor ("" on the last page or when absent).
std::string next_page_cursor(std::string_view reply);

}  // namespace osprey::bybit
