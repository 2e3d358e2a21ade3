#pragma once
// The mock notification services (tools/mock-notify) on a free loopback
// port: Telegram's Bot API, a Discord webhook and a generic webhook, with
// /_mock/received, faults and injected chat messages.

#include "net/testing/mock_server.hpp"

namespace osprey::notify::testing {

class MockNotify : public net::testing::MockServer {
public:
    MockNotify() : MockServer("tools/mock-notify/mock_notify.py", {}) {}
};

}  // namespace osprey::notify::testing
