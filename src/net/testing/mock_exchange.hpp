#pragma once
// The mock exchange (tools/mock-exchange) on a free loopback port: Binance
// Spot and Bybit v5 replaying ../shared/data candles. Its control API
// (/_mock/...) scripts market time, accounts and faults. Shared by the
// Binance, Bybit, download and daemon tests.

#include <string>

#include "net/testing/mock_server.hpp"

namespace osprey::net::testing {

class MockExchange : public MockServer {
public:
    // symbols: "ALGOUSDT,BTCUSDT" (fewer symbols: a faster start).
    explicit MockExchange(const std::string& symbols)
        : MockServer("tools/mock-exchange/mock_exchange.py",
                     {"--symbols", symbols, "--candles", std::string(shared_data) + "/candles"}) {}
};

}  // namespace osprey::net::testing
