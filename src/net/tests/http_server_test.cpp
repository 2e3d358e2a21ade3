// The HTTP/WebSocket server on loopback, driven by the project's own clients
// (and a raw socket where a client would refuse to send garbage). Waits are
// on conditions with a generous deadline, never sleeps.
#include "net/http_server.hpp"

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "net/websocket_client.hpp"

namespace osprey::net {
namespace {

constexpr auto deadline = std::chrono::seconds(10);

// Echoes "<METHOD> <target> <body> <X-Test header>"; /boom throws.
ServerResponse echo(const ServerRequest& request) {
    if (request.path() == "/boom") {
        throw std::runtime_error("boom \"quoted\"\nsecond line");
    }
    ServerResponse response;
    response.content_type = "text/plain";
    response.body = std::string(to_string(request.method)) + " " + request.target + " "
                    + request.body + " " + std::string(request.header("x-test").value_or("-"));
    response.headers.emplace_back("X-Reply", std::string(request.path()));
    return response;
}

std::unique_ptr<HttpServer> start_server(const ServerOptions& options = {},
                                         std::vector<WebSocketRoute> routes = {}) {
    auto server = HttpServer::start(options, echo, std::move(routes));
    EXPECT_TRUE(server) << server.error().message;
    return server ? std::move(*server) : nullptr;
}

std::string base_url(const HttpServer& server, std::string_view scheme) {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

// Writes `bytes` on a fresh connection and returns all that comes back until
// the server closes it.
std::string raw_exchange(std::uint16_t port, std::string_view bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    const timeval timeout{10, 0};
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0
        && ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0
        && ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL)
               == static_cast<ssize_t>(bytes.size())) {
        std::array<char, 4096> chunk{};
        for (ssize_t n = 0; (n = ::recv(fd, chunk.data(), chunk.size(), 0)) > 0;) {
            answer.append(chunk.data(), static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return answer;
}

std::size_t occurrences(std::string_view text, std::string_view part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

// Messages handed over from another thread, with a deadline-bound wait.
class Mailbox {
public:
    void put(std::string_view text) {
        const std::scoped_lock lock(mutex_);
        messages_.emplace_back(text);
        arrived_.notify_all();
    }

    bool wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, deadline, [&] { return messages_.size() >= count; });
    }

    std::vector<std::string> messages() const {
        const std::scoped_lock lock(mutex_);
        return messages_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<std::string> messages_;
};

TEST(HttpServer, AnswersGetAndPostOnOneKeptAliveConnection) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    auto get = client->send({HttpMethod::Get, "/api/status?verbose=1", "", "", {{"X-Test", "a"}}});
    ASSERT_TRUE(get) << get.error().message;
    EXPECT_EQ(get->status, 200);
    EXPECT_EQ(get->body, "GET /api/status?verbose=1  a");
    EXPECT_EQ(get->header("x-reply"), "/api/status");
    EXPECT_EQ(get->header("content-type"), "text/plain");
    for (int i = 0; i < 3; ++i) {
        auto post = client->send({HttpMethod::Post, "/api/orders", "qty=1", "text/plain", {}});
        ASSERT_TRUE(post) << post.error().message;
        EXPECT_EQ(post->body, "POST /api/orders qty=1 -");
        EXPECT_FALSE(post->header("connection"));  // HTTP/1.1: kept alive
    }
    // Two pipelined requests on one raw connection: both answered.
    const std::string answer =
        raw_exchange(server->port(),
                     "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                     "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(occurrences(answer, "HTTP/1.1 200 OK"), 2U) << answer;
    EXPECT_NE(answer.find("GET /b  -"), std::string::npos) << answer;
}

TEST(HttpServer, RefusesABodyOverTheLimitWith413) {
    ServerOptions options;
    options.max_body_bytes = 1024;
    auto server = start_server(options);
    ASSERT_TRUE(server);
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    auto big = client->send({HttpMethod::Post, "/api/orders", std::string(4096, 'x'), "", {}});
    ASSERT_TRUE(big) << big.error().message;
    EXPECT_EQ(big->status, 413);
    EXPECT_EQ(big->body, R"({"error":"request body over 1024 bytes"})");
    auto small = client->send({HttpMethod::Post, "/api/orders", std::string(1024, 'x'), "", {}});
    ASSERT_TRUE(small) << small.error().message;
    EXPECT_EQ(small->status, 200);
}

TEST(HttpServer, AnswersGarbageWith400) {
    auto server = start_server();
    ASSERT_TRUE(server);
    const std::string answer = raw_exchange(server->port(), "\x01\x02 not http\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0U) << answer;
    const std::string patch = raw_exchange(server->port(),
                                           "PATCH /a HTTP/1.1\r\nHost: x\r\n"
                                           "Connection: close\r\n\r\n");
    EXPECT_EQ(patch.rfind("HTTP/1.1 405", 0), 0U) << patch;
}

TEST(HttpServer, TurnsAHandlerExceptionInto500AndKeepsServing) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    auto boom = client->send({HttpMethod::Get, "/boom", "", "", {}});
    ASSERT_TRUE(boom) << boom.error().message;
    EXPECT_EQ(boom->status, 500);
    EXPECT_EQ(boom->body, R"({"error":"boom \"quoted\"\u000asecond line"})");
    auto next = client->send({HttpMethod::Get, "/ok", "", "", {}});
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->status, 200);
}

TEST(HttpServer, NamesTheAddressWhenThePortIsTaken) {
    auto first = start_server();
    ASSERT_TRUE(first);
    ServerOptions options;
    options.port = first->port();
    auto second = HttpServer::start(options, echo);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::Unavailable);
    EXPECT_NE(second.error().message.find("127.0.0.1:" + std::to_string(first->port())),
              std::string::npos)
        << second.error().message;
}

TEST(HttpServer, ListensOnEveryInterfaceWhenAsked) {
    ServerOptions options;
    options.host = "0.0.0.0";
    auto server = start_server(options);
    ASSERT_TRUE(server);
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    auto answer = client->send({HttpMethod::Get, "/ok", "", "", {}});
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->status, 200);
}

WebSocketRoute feed_route(Mailbox* received) {
    WebSocketRoute route;
    route.path = "/ws";
    route.admit = [](const ServerRequest& request) -> std::optional<ServerResponse> {
        if (request.target.find("token=good") == std::string::npos) {
            return ServerResponse{401, "application/json", R"({"error":"unauthorized"})", {}};
        }
        return std::nullopt;
    };
    route.greeting = [] { return std::vector<std::string>{"snapshot"}; };
    route.on_message = [received](std::string_view text) { received->put(text); };
    return route;
}

TEST(HttpServer, RefusesAnUpgradeTheRouteDoesNotAdmit) {
    Mailbox received;
    auto server = start_server({}, {feed_route(&received)});
    ASSERT_TRUE(server);
    WebSocketClient ws;
    EXPECT_FALSE(ws.connect(base_url(*server, "ws") + "/ws?token=bad"));
    EXPECT_FALSE(ws.connect(base_url(*server, "ws") + "/elsewhere?token=good"));
    EXPECT_EQ(server->websocket_clients("/ws"), 0U);
    // The same upgrades seen as HTTP: 401 from admit(), 404 off the routes.
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    const HttpHeaders upgrade = {{"Connection", "Upgrade"},
                                 {"Upgrade", "websocket"},
                                 {"Sec-WebSocket-Version", "13"},
                                 {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    auto refused = client->send({HttpMethod::Get, "/ws?token=bad", "", "", upgrade});
    ASSERT_TRUE(refused) << refused.error().message;
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(refused->body, R"({"error":"unauthorized"})");
    auto unknown = client->send({HttpMethod::Get, "/elsewhere", "", "", upgrade});
    ASSERT_TRUE(unknown) << unknown.error().message;
    EXPECT_EQ(unknown->status, 404);
}

TEST(HttpServer, SendsTheGreetingThenBroadcastsInOrder) {
    Mailbox received;
    auto server = start_server({}, {feed_route(&received)});
    ASSERT_TRUE(server);
    std::array<WebSocketClient, 2> clients;
    for (auto& ws : clients) {
        auto connected = ws.connect(base_url(*server, "ws") + "/ws?token=good");
        ASSERT_TRUE(connected) << connected.error().message;
    }
    EXPECT_EQ(server->websocket_clients("/ws"), 2U);
    server->broadcast("/ws", "one");
    server->broadcast("/ws", "two");
    server->broadcast("/other", "nobody");
    for (auto& ws : clients) {
        for (const std::string_view expected : {"snapshot", "one", "two"}) {
            auto message = ws.read();
            ASSERT_TRUE(message) << message.error().message;
            EXPECT_EQ(*message, expected);
        }
    }
    ASSERT_TRUE(clients[0].send("hello server"));
    ASSERT_TRUE(received.wait_for(1));
    EXPECT_EQ(received.messages(), std::vector<std::string>{"hello server"});
}

TEST(HttpServer, DisconnectsAClientThatFallsBehind) {
    Mailbox received;
    ServerOptions options;
    options.max_queued_messages = 4;
    auto server = start_server(options, {feed_route(&received)});
    ASSERT_TRUE(server);
    WebSocketClient slow;  // connects and never reads
    WebSocketClient fast;
    ASSERT_TRUE(slow.connect(base_url(*server, "ws") + "/ws?token=good"));
    ASSERT_TRUE(fast.connect(base_url(*server, "ws") + "/ws?token=good"));
    Mailbox fast_inbox;
    std::thread reader([&] {
        for (auto message = fast.read(); message; message = fast.read()) {
            fast_inbox.put(*message);
        }
    });
    // The slow client's socket buffers hold some megabytes; each broadcast
    // waits for the fast client to have it, so the loop ends on the drop.
    const std::string chunk(256U << 10U, 'x');
    std::size_t sent = 0;
    while (server->websocket_clients("/ws") == 2 && sent < 2000) {
        server->broadcast("/ws", chunk);
        ++sent;
        ASSERT_TRUE(fast_inbox.wait_for(sent + 1));  // + the greeting
    }
    EXPECT_EQ(server->websocket_clients("/ws"), 1U);
    server->broadcast("/ws", "still here");
    EXPECT_TRUE(fast_inbox.wait_for(sent + 2));
    EXPECT_EQ(fast_inbox.messages().back(), "still here");
    // The slow client finds its connection closed after what was buffered
    // (at most the greeting and every broadcast).
    bool closed = false;
    for (std::size_t i = 0; i <= sent + 1 && !closed; ++i) {
        closed = !slow.read();
    }
    EXPECT_TRUE(closed);
    fast.cancel();
    reader.join();
}

TEST(HttpServer, StopsWithClientsConnected) {
    Mailbox received;
    auto server = start_server({}, {feed_route(&received)});
    ASSERT_TRUE(server);
    WebSocketClient ws;
    ASSERT_TRUE(ws.connect(base_url(*server, "ws") + "/ws?token=good"));
    auto client = HttpClient::create(base_url(*server, "http"));
    ASSERT_TRUE(client);
    ASSERT_TRUE(client->send({HttpMethod::Get, "/ok", "", "", {}}));  // kept alive
    server->stop();
    server->stop();  // idempotent
    EXPECT_EQ(server->websocket_clients("/ws"), 0U);
    server->broadcast("/ws", "after stop");  // a no-op, not a crash
    // Closed by stop(), perhaps after the greeting.
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
        closed = !ws.read();
    }
    EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace osprey::net
