// The HTTP and WebSocket clients against a small Beast server on loopback,
// in this process: keep-alive, a lost answer, a timeout, echo over ws.
#include <atomic>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include "net/http_client.hpp"
#include "net/websocket_client.hpp"

namespace osprey::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Answers each HTTP request by its path:
//   /lose   read the request, then close without an answer;
//   /stall  read the request, then wait until the client gives up;
//   /ws     upgrade to WebSocket and echo every message;
//   other   200 with "<METHOD> <target> <body> #<n>", n counting requests on
//           this connection (so tests see keep-alive).
class LoopbackServer {
public:
    LoopbackServer() : acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        acceptor_thread_ = std::thread([this] { accept(); });
    }

    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;
    LoopbackServer(LoopbackServer&&) = delete;
    LoopbackServer& operator=(LoopbackServer&&) = delete;

    ~LoopbackServer() {
        stopping_ = true;
        boost::system::error_code ignored;
        // Wake the acceptor with one last connection.
        tcp::socket poke(context_);
        poke.connect(acceptor_.local_endpoint(), ignored);
        acceptor_thread_.join();
        for (auto& worker : workers_) {
            worker.join();
        }
    }

    std::string url(std::string_view scheme) const {
        return std::string(scheme)
               + "://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }

    int connections() const { return connections_; }

private:
    void accept() {
        while (!stopping_) {
            tcp::socket socket(context_);
            boost::system::error_code error;
            acceptor_.accept(socket, error);
            if (error || stopping_) {
                return;
            }
            ++connections_;
            workers_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
        }
    }

    static void echo_websocket(tcp::socket socket, http::request<http::string_body>& request) {
        beast::websocket::stream<tcp::socket> ws(std::move(socket));
        boost::system::error_code error;
        ws.accept(request, error);
        while (!error) {
            beast::flat_buffer buffer;
            ws.read(buffer, error);
            if (!error) {
                ws.text(true);
                ws.write(buffer.data(), error);
            }
        }
    }

    void serve(tcp::socket socket) {
        beast::flat_buffer buffer;
        int count = 0;
        for (;;) {
            http::request<http::string_body> request;
            boost::system::error_code error;
            http::read(socket, buffer, request, error);
            if (error) {
                return;
            }
            const std::string target(request.target());
            if (target == "/ws") {
                echo_websocket(std::move(socket), request);
                return;
            }
            if (target == "/lose") {
                return;
            }
            if (target == "/stall") {
                // The client times out and closes; the read then ends.
                char byte = 0;
                socket.read_some(asio::buffer(&byte, 1), error);
                return;
            }
            ++count;
            http::response<http::string_body> response{http::status::ok, 11};
            response.set("X-Used-Weight", "7");
            response.body() = std::string(request.method_string()) + " " + target + " "
                              + request.body() + " #" + std::to_string(count);
            response.keep_alive(true);
            response.prepare_payload();
            http::write(socket, response, error);
            if (error) {
                return;
            }
        }
    }

    asio::io_context context_;
    tcp::acceptor acceptor_;
    std::thread acceptor_thread_;
    std::vector<std::thread> workers_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
};

TEST(HttpClient, KeepsTheConnectionAlive) {
    LoopbackServer server;
    auto client = HttpClient::create(server.url("http"));
    ASSERT_TRUE(client);
    auto first = client->send({HttpMethod::Get, "/api/v3/time?x=1", "", "", {}});
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->status, 200);
    EXPECT_EQ(first->body, "GET /api/v3/time?x=1  #1");
    EXPECT_EQ(first->header("x-used-weight"), "7");
    HttpRequest post{
        HttpMethod::Post, "/api/v3/order", "a=1&b=2", "application/x-www-form-urlencoded", {}};
    auto second = client->send(post);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->body, "POST /api/v3/order a=1&b=2 #2");
    EXPECT_EQ(server.connections(), 1);
}

TEST(HttpClient, LostAnswerIsAnUnknownOutcome) {
    LoopbackServer server;
    auto client = HttpClient::create(server.url("http"));
    ASSERT_TRUE(client);
    auto lost = client->send({HttpMethod::Post, "/lose", "x=1", "text/plain", {}});
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, ErrorCode::Timeout);
    // The client recovers on the next request.
    auto next = client->send({HttpMethod::Get, "/ok", "", "", {}});
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->status, 200);
}

TEST(HttpClient, TimesOut) {
    LoopbackServer server;
    HttpClientOptions options;
    options.request_timeout = std::chrono::milliseconds(200);
    auto client = HttpClient::create(server.url("http"), options);
    ASSERT_TRUE(client);
    auto stalled = client->send({HttpMethod::Get, "/stall", "", "", {}});
    ASSERT_FALSE(stalled);
    EXPECT_EQ(stalled.error().code, ErrorCode::Timeout);
}

TEST(HttpClient, RefusedConnectionIsUnavailable) {
    std::string url;
    {
        LoopbackServer server;
        url = server.url("http");
    }
    auto client = HttpClient::create(url);
    ASSERT_TRUE(client);
    auto refused = client->send({HttpMethod::Post, "/api/v3/order", "", "", {}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
}

TEST(WebSocketClient, EchoesAndPadsMessages) {
    LoopbackServer server;
    WebSocketClient client;
    auto connected = client.connect(server.url("ws") + "/ws");
    ASSERT_TRUE(connected) << connected.error().message;
    for (const std::string_view text : {"hello", R"({"e":"kline"})"}) {
        ASSERT_TRUE(client.send(text));
        auto message = client.read();
        ASSERT_TRUE(message) << message.error().message;
        EXPECT_EQ(*message, text);
        EXPECT_EQ(message->data()[message->size()], '\0');
    }
    client.close();
    EXPECT_FALSE(client.is_open());
}

TEST(WebSocketClient, CancelEndsABlockedRead) {
    LoopbackServer server;
    WebSocketClient client;
    auto connected = client.connect(server.url("ws") + "/ws");
    ASSERT_TRUE(connected) << connected.error().message;
    std::thread canceller([&client] { client.cancel(); });
    auto message = client.read();  // nothing is ever sent: only cancel ends it
    canceller.join();
    EXPECT_FALSE(message);
}

}  // namespace
}  // namespace osprey::net
