// Kline message parse and dispatch: a combined-stream Binance kline message
// (as the market feed receives it) parsed with simdjson on-demand and handed
// to a handler that keeps each symbol's last close. 200 symbols in turn.
//
//   build/bin/osprey_exchange_parse_bench   (reports the median of 9 runs)

#include <array>
#include <functional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "exchanges/binance/klines.hpp"
#include "net/websocket_client.hpp"

namespace osprey::bench {
namespace {

constexpr int symbol_count = 200;

// Messages laid out as WebSocketClient::read() hands them over: padded.
std::vector<std::string> padded_messages() {
    std::vector<std::string> messages;
    messages.reserve(symbol_count);
    for (int i = 0; i < symbol_count; ++i) {
        std::string text = fmt::format(
            R"({{"stream":"s{:03}usdt@kline_1m","data":{{"e":"kline","E":1770508860001,)"
            R"("s":"S{:03}USDT","k":{{"t":1770508800000,"T":1770508859999,"s":"S{:03}USDT",)"
            R"("i":"1m","f":100,"L":200,"o":"64012.{:02}000000","c":"64020.15000000",)"
            R"("h":"64030.00000000","l":"64001.01000000","v":"12.34567000","n":100,"x":true,)"
            R"("q":"790000.12000000","V":"6.10000000","Q":"390000.00000000","B":"0"}}}}}})",
            i, i, i, i % 100);
        text.append(net::message_padding, '\0');
        messages.push_back(std::move(text));
    }
    return messages;
}

void parse_and_dispatch(benchmark::State& state) {
    const std::vector<std::string> messages = padded_messages();
    std::vector<std::size_t> sizes;
    sizes.reserve(messages.size());
    for (const std::string& message : messages) {
        sizes.push_back(message.size() - net::message_padding);
    }
    binance::KlineParser parser;
    std::array<double, symbol_count> last_close{};
    std::size_t slot = 0;
    const std::function<void(const binance::Kline&)> handler = [&](const binance::Kline& kline) {
        last_close[slot] = kline.candle.close;
    };
    std::size_t next = 0;
    for (auto _ : state) {
        auto message = parser.parse(std::string_view(messages[next].data(), sizes[next]));
        if (message && message->kind == binance::StreamMessageKind::Kline) {
            slot = next;
            handler(message->kline);
        }
        next = next + 1 == messages.size() ? 0 : next + 1;
    }
    benchmark::DoNotOptimize(last_close);
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(sizes[0]));
}

BENCHMARK(parse_and_dispatch)->Repetitions(9)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace osprey::bench

BENCHMARK_MAIN();
