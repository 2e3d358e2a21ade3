#include "exchanges/bybit/envelope.hpp"

namespace osprey::bybit {

namespace {

ErrorCode canonical_code(std::int64_t code) {
    switch (code) {
        case ret_code::server_timeout:
        case ret_code::service_restarting: return ErrorCode::Unavailable;
        case ret_code::timestamp_outside_window: return ErrorCode::Timeout;
        case ret_code::invalid_api_key:
        case ret_code::bad_signature:
        case 10005:
        case 10010: return ErrorCode::Unauthenticated;
        case ret_code::rate_limited:
        case 429: return ErrorCode::RateLimited;
        case ret_code::order_not_found:
        case 170213: return ErrorCode::NotFound;
        case 110004:
        case 110007:
        case 110012:
        case 170131: return ErrorCode::InsufficientFunds;
        case ret_code::duplicate_order_link_id:
        case ret_code::duplicate_client_order_id_spot: return ErrorCode::Conflict;
        case 10001: return ErrorCode::InvalidArgument;
        default: return ErrorCode::Rejected;
    }
}

Failure not_an_envelope(std::string_view what) {
    return fail(ErrorCode::ParseError,
                "Bybit " + std::string(what) + ": the reply is not a v5 envelope");
}

}  // namespace

Result<ReplyStatus> read_status(std::string_view reply) {
    simdjson::ondemand::parser parser;
    const simdjson::padded_string text(reply);
    simdjson::ondemand::document document;
    json::Object root;
    if (parser.iterate(text).get(document) != simdjson::SUCCESS
        || document.get_object().get(root) != simdjson::SUCCESS) {
        return not_an_envelope("reply");
    }
    auto code = json::integer(root, "retCode");
    if (!code) {
        return not_an_envelope("reply");
    }
    return ReplyStatus{*code, std::string(json::text_or(root, "retMsg", ""))};
}

Error reply_error(const ReplyStatus& status, std::string_view what) {
    return Error{canonical_code(status.code), "Bybit " + std::string(what) + ": " + status.message
                                                  + " (retCode " + std::to_string(status.code)
                                                  + ")"};
}

Status read_result(std::string_view reply, std::string_view what, const ResultReader& reader) {
    simdjson::ondemand::parser parser;
    const simdjson::padded_string text(reply);
    simdjson::ondemand::document document;
    json::Object root;
    if (parser.iterate(text).get(document) != simdjson::SUCCESS
        || document.get_object().get(root) != simdjson::SUCCESS) {
        return not_an_envelope(what);
    }
    auto code = json::integer(root, "retCode");
    if (!code) {
        return not_an_envelope(what);
    }
    if (*code != ret_code::ok) {
        return fail(reply_error({*code, std::string(json::text_or(root, "retMsg", ""))}, what));
    }
    json::Object result;
    if (root["result"].get_object().get(result) != simdjson::SUCCESS) {
        return not_an_envelope(what);
    }
    return reader(result);
}

Status read_result_list(std::string_view reply, std::string_view what, const RowReader& reader) {
    return read_result(reply, what, [&](json::Object& result) -> Status {
        simdjson::ondemand::array list;
        if (result["list"].get_array().get(list) != simdjson::SUCCESS) {
            return json::missing("list");
        }
        for (auto element : list) {
            json::Object row;
            if (element.get_object().get(row) != simdjson::SUCCESS) {
                return json::missing("list");
            }
            auto status = reader(row);
            if (!status) {
                return status;
            }
        }
        return {};
    });
}

std::string next_page_cursor(std::string_view reply) {
    std::string cursor;
    auto ignored = read_result(reply, "page", [&](json::Object& result) -> Status {
        cursor = std::string(json::text_or(result, "nextPageCursor", ""));
        return {};
    });
    return ignored ? cursor : std::string();
}

}  // namespace osprey::bybit
