#pragma once
// The daemon's control API over HTTP, JSON in and out: what `osprey bot
// ...` and (later) the dashboard call.
//
//   GET    /api/status                  counters: bots running, bars, orders
//   GET    /api/bots                    every bot, with its live state
//   POST   /api/bots                    create (body: a BotSpec), 201
//   GET    /api/bots/{id}
//   PUT    /api/bots/{id}               change a stopped bot (any spec fields)
//   POST   /api/bots/{id}/start | stop
//   DELETE /api/bots/{id}               stop and forget it (history stays)
//
// Errors are {"error": "<one line>"} with 400 (bad input), 401, 404, 409
// (a conflict: running, name taken) or 503 (stopping). With a token set,
// every request needs "Authorization: Bearer <token>"; the token is never
// echoed.

#include <string>

#include "net/http_server.hpp"
#include "server/bot_service.hpp"

namespace osprey::server {

// The handler for net::HttpServer. `token` empty: no authentication (the
// server listens on loopback only).
net::RequestHandler control_api(BotService& service, std::string token);

std::string to_json(const BotInfo& bot);

}  // namespace osprey::server
