#pragma once
// One channel's queue and its delivery thread. post() only enqueues (a
// full queue drops its oldest message and counts it), so the caller never
// waits for the network. The thread sends each message with retries:
// 5xx, 429 (after the server's retry_after) and transport errors are tried
// again after an exponential backoff with jitter; any other 4xx is not.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "engine/ports/system_clock.hpp"
#include "net/http_client.hpp"
#include "notify/config.hpp"
#include "notify/messages.hpp"
#include "notify/redactor.hpp"

namespace osprey::notify {

struct DeliveryCounts {
    std::size_t waiting = 0;  // queued, not yet sent
    std::size_t sending = 0;  // being sent (or waiting to retry)
    std::size_t delivered = 0;
    std::size_t failed = 0;   // refused or out of attempts
    std::size_t dropped = 0;  // pushed out of a full queue, or left at stop

    DeliveryCounts& operator+=(const DeliveryCounts& other);
};

struct ChannelSpec {
    std::string name;      // "telegram", for log lines
    std::string base_url;  // secret
    net::HttpHeaders headers;
};

class Outbox {
public:
    // `log` already redacts; `seed` seeds the backoff's jitter.
    Outbox(ChannelSpec channel, net::HttpClient client, const DeliveryPolicy& policy, LogSink log,
           std::uint64_t seed);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;
    Outbox(Outbox&&) = delete;
    Outbox& operator=(Outbox&&) = delete;

    void post(std::vector<Parcel> parcels);

    // Keeps delivering (and retrying) until the queue is empty or the
    // deadline passes, then joins. A request already sent is waited for.
    void stop(Timestamp deadline);

    DeliveryCounts counts() const;

private:
    enum class Outcome : std::uint8_t { Delivered, Retry, Refused };

    struct Attempt {
        Outcome outcome = Outcome::Retry;
        Duration wait{0};  // the server's retry_after, else zero
        std::string why;
    };

    void run();
    bool deliver(const Parcel& parcel);
    Attempt attempt(const Parcel& parcel);
    // Waits `pause` unless stop's deadline would pass first (then false).
    bool pause(Duration pause);

    ChannelSpec channel_;
    net::HttpClient client_;
    DeliveryPolicy policy_;
    LogSink log_;
    std::uint64_t seed_;
    engine::SystemClock clock_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Parcel> queue_;
    DeliveryCounts counts_;
    bool stopping_ = false;
    Timestamp deadline_;
    std::thread thread_;  // last: starts after everything it uses
};

}  // namespace osprey::notify
