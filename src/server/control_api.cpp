#include "server/control_api.hpp"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace osprey::server {

namespace {

using net::HttpMethod;
using net::ServerRequest;
using net::ServerResponse;

ServerResponse error_response(int status, std::string_view message) {
    return ServerResponse{
        status, "application/json", fmt::format(R"({{"error":{}}})", json_string(message)), {}};
}

ServerResponse error_response(const Error& error) {
    int status = 500;
    switch (error.code) {
        case ErrorCode::InvalidArgument:
        case ErrorCode::ParseError: status = 400; break;
        case ErrorCode::NotFound: status = 404; break;
        case ErrorCode::Conflict: status = 409; break;
        case ErrorCode::Unavailable: status = 503; break;
        case ErrorCode::Unauthenticated: status = 401; break;
        default: break;
    }
    return error_response(status, error.message);
}

std::string live_json(const engine::BotView& view) {
    return fmt::format(
        R"({{"position_open":{},"side":"{}","quantity":{},"entry_price":{},"last_price":{},)"
        R"("pnl_pct":{},"cash":{},"equity":{},"realized":{},"trades":{},"wins":{},"last_bar":{}}})",
        view.position_open, to_string(view.side), view.quantity, view.entry_price, view.last_price,
        view.pnl_pct, view.cash, view.equity, view.realized, view.trades, view.wins,
        view.last_bar.millis());
}

std::string to_json(const std::vector<BotInfo>& bots) {
    std::string out = "[";
    for (const BotInfo& bot : bots) {
        if (out.size() > 1) {
            out += ',';
        }
        out += to_json(bot);
    }
    return out + "]";
}

template <class T>
ServerResponse answer(const Result<T>& result, int status = 200) {
    if (!result) {
        return error_response(result.error());
    }
    return ServerResponse{status, "application/json", to_json(*result), {}};
}

// "/api/bots/12/start" → 12 and "start"; nullopt if the id does not parse.
std::optional<std::pair<BotId, std::string_view>> bot_path(std::string_view path) {
    constexpr std::string_view prefix = "/api/bots/";
    path.remove_prefix(prefix.size());
    const std::size_t slash = path.find('/');
    const std::string_view id_text = path.substr(0, slash);
    std::uint64_t id = 0;
    const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (error != std::errc() || end != id_text.data() + id_text.size() || id == 0) {
        return std::nullopt;
    }
    return std::pair{BotId{id},
                     slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1)};
}

ServerResponse one_bot(BotService& service, const ServerRequest& request) {
    const auto target = bot_path(request.path());
    if (!target) {
        return error_response(404, fmt::format("{}: no such bot", request.path()));
    }
    const auto [id, action] = *target;
    if (action.empty()) {
        switch (request.method) {
            case HttpMethod::Get: return answer(service.get(id));
            case HttpMethod::Put: return answer(service.update(id, request.body));
            case HttpMethod::Delete: {
                Status removed = service.remove(id);
                return removed ? ServerResponse{204, "application/json", "", {}}
                               : error_response(removed.error());
            }
            default: break;
        }
    } else if (request.method == HttpMethod::Post && action == "start") {
        return answer(service.start_bot(id));
    } else if (request.method == HttpMethod::Post && action == "stop") {
        return answer(service.stop_bot(id));
    }
    return error_response(405, fmt::format("{}: method not allowed", request.path()));
}

ServerResponse route(BotService& service, const ServerRequest& request) {
    const std::string_view path = request.path();
    if (path == "/api/status" && request.method == HttpMethod::Get) {
        return ServerResponse{
            200,
            "application/json",
            fmt::format(R"({{"bars":{},"orders":{},"feed_ended":{}}})", service.bars_seen(),
                        service.orders_sent(), service.feed_ended()),
            {}};
    }
    if (path == "/api/bots") {
        if (request.method == HttpMethod::Get) {
            return answer(service.list());
        }
        if (request.method == HttpMethod::Post) {
            auto spec = parse_bot_spec(request.body);
            if (!spec) {
                return error_response(spec.error());
            }
            return answer(service.create(*spec), 201);
        }
        return error_response(405, "/api/bots: method not allowed");
    }
    if (path.starts_with("/api/bots/")) {
        return one_bot(service, request);
    }
    return error_response(404, fmt::format("{}: no such endpoint", path));
}

}  // namespace

std::string to_json(const BotInfo& bot) {
    return fmt::format(R"({{"id":{},"name":{},"status":"{}","created":{},"spec":{},"live":{}}})",
                       bot.record.id.value(), json_string(bot.record.name),
                       to_string(bot.record.status), bot.record.created.millis(), to_json(bot.spec),
                       bot.live ? live_json(*bot.live) : std::string("null"));
}

net::RequestHandler control_api(BotService& service, std::string token) {
    return [&service, token = std::move(token)](const ServerRequest& request) {
        if (!token.empty() && request.header("Authorization") != "Bearer " + token) {
            return error_response(401, "missing or wrong API token");
        }
        return route(service, request);
    };
}

}  // namespace osprey::server
