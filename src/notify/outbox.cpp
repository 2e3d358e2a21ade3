#include "notify/outbox.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "net/backoff.hpp"
#include "notify/answers.hpp"

namespace osprey::notify {

namespace {

std::string milliseconds(Duration span) {
    return fmt::format("{} ms",
                       std::chrono::duration_cast<std::chrono::milliseconds>(span).count());
}

}  // namespace

DeliveryCounts& DeliveryCounts::operator+=(const DeliveryCounts& other) {
    waiting += other.waiting;
    sending += other.sending;
    delivered += other.delivered;
    failed += other.failed;
    dropped += other.dropped;
    return *this;
}

Outbox::Outbox(ChannelSpec channel, net::HttpClient client, const DeliveryPolicy& policy,
               LogSink log, std::uint64_t seed)
    : channel_(std::move(channel)),
      client_(std::move(client)),
      policy_(policy),
      log_(std::move(log)),
      seed_(seed),
      thread_([this] { run(); }) {}

Outbox::~Outbox() {
    stop(clock_.now());
}

void Outbox::post(std::vector<Parcel> parcels) {
    std::size_t dropped = 0;
    {
        const std::scoped_lock lock(mutex_);
        if (stopping_) {
            counts_.dropped += parcels.size();
            return;
        }
        for (Parcel& parcel : parcels) {
            if (queue_.size() >= std::max<std::size_t>(policy_.queue_capacity, 1)) {
                queue_.pop_front();
                ++dropped;
            }
            queue_.push_back(std::move(parcel));
        }
        counts_.dropped += dropped;
        counts_.waiting = queue_.size();
    }
    wake_.notify_all();
    if (dropped > 0) {
        log_(fmt::format("{}: queue full, dropped the {} oldest message(s)", channel_.name,
                         dropped));
    }
}

void Outbox::stop(Timestamp deadline) {
    {
        const std::scoped_lock lock(mutex_);
        if (!stopping_) {
            stopping_ = true;
            deadline_ = deadline;
        }
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

DeliveryCounts Outbox::counts() const {
    const std::scoped_lock lock(mutex_);
    return counts_;
}

void Outbox::run() {
    for (;;) {
        Parcel parcel;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() || (stopping_ && clock_.now() >= deadline_)) {
                counts_.dropped += queue_.size();
                queue_.clear();
                counts_.waiting = 0;
                return;
            }
            parcel = std::move(queue_.front());
            queue_.pop_front();
            counts_.waiting = queue_.size();
            counts_.sending = 1;
        }
        const bool delivered = deliver(parcel);
        const std::scoped_lock lock(mutex_);
        counts_.sending = 0;
        ++(delivered ? counts_.delivered : counts_.failed);
    }
}

bool Outbox::deliver(const Parcel& parcel) {
    net::Backoff backoff(policy_.backoff, seed_++);
    const int attempts = std::max(policy_.max_attempts, 1);
    for (int number = 1;; ++number) {
        const Attempt result = attempt(parcel);
        if (result.outcome == Outcome::Delivered) {
            return true;
        }
        const std::string failed =
            fmt::format("{}: {} failed: {}", channel_.name, parcel.what, result.why);
        if (result.outcome == Outcome::Refused) {
            log_(failed + " (not retried)");
            return false;
        }
        if (number >= attempts) {
            log_(fmt::format("{}; gave up after {} attempts", failed, number));
            return false;
        }
        if (result.wait > policy_.max_retry_after) {
            log_(fmt::format("{}; retry_after {} is too long, gave up", failed,
                             milliseconds(result.wait)));
            return false;
        }
        const Duration wait = result.wait > Duration::zero() ? result.wait : backoff.next();
        log_(fmt::format("{}; attempt {} of {}, next in {}", failed, number, attempts,
                         milliseconds(wait)));
        if (!pause(wait)) {
            log_(fmt::format("{}: {} not delivered before shutdown", channel_.name, parcel.what));
            return false;
        }
    }
}

Outbox::Attempt Outbox::attempt(const Parcel& parcel) {
    net::HttpRequest request;
    request.method = net::HttpMethod::Post;
    request.target = parcel.target;
    request.body = parcel.body;
    request.content_type = "application/json";
    request.headers = channel_.headers;
    auto response = client_.send(request);
    if (!response) {
        // The message is a notice, not an order: sending it twice is harmless.
        return {Outcome::Retry, Duration::zero(), response.error().message};
    }
    const int status = response->status;
    if (status >= 200 && status < 300) {
        return {Outcome::Delivered, Duration::zero(), ""};
    }
    const std::string why = fmt::format("HTTP {}", status);
    if (status == 429) {
        return {Outcome::Retry, retry_after(*response).value_or(Duration::zero()), why};
    }
    return {status >= 500 ? Outcome::Retry : Outcome::Refused, Duration::zero(), why};
}

bool Outbox::pause(Duration pause) {
    const Timestamp until = clock_.now() + pause;
    std::unique_lock lock(mutex_);
    const auto too_late = [&] { return stopping_ && until > deadline_; };
    wake_.wait_for(lock, pause, too_late);
    return !too_late();
}

}  // namespace osprey::notify
