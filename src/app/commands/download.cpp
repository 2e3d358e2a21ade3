// osprey download --exchange binance|bybit --symbol S --interval I --from DATE --to DATE --out FILE
//
// Kline history into DESIGN.md's candle CSV (ts,open,high,low,close,volume;
// ts = open time in ms), with the venue's digits kept exactly. Bars with an
// open time in [from, to) are fetched page by page, oldest first; each page
// is appended and fsync'ed before the next is asked for, so an interrupted
// download resumes after the file's last complete row: a half-written row
// left by a kill is cut off, and no row is ever written twice.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/stopwatch.hpp"
#include "engine/ports/system_clock.hpp"
#include "exchanges/binance/rest_client.hpp"
#include "exchanges/bybit/rest_client.hpp"

namespace osprey::app {

namespace {

constexpr std::string_view csv_header = "ts,open,high,low,close,volume\n";

struct DownloadOptions {
    std::string exchange;
    std::string symbol;
    std::string interval;
    std::string from;
    std::string to;
    std::string out;
    std::string base_url;
    std::string category = "spot";
};

// "2024-03-01", "2024-03-01 12:30", "2024-03-01T12:30:00" (UTC) or epoch ms.
Result<Timestamp> parse_date(const std::string& text) {
    namespace chrono = std::chrono;
    if (!text.empty() && text.size() <= 15
        && text.find_first_not_of("0123456789") == std::string::npos) {
        std::int64_t millis = 0;
        std::from_chars(text.data(), text.data() + text.size(), millis);
        return Timestamp::from_millis(millis);
    }
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    char separator = ' ';
    const int fields = std::sscanf(text.c_str(), "%4d-%2u-%2u%c%2d:%2d:%2d", &year, &month, &day,
                                   &separator, &hour, &minute, &second);
    const chrono::year_month_day date{chrono::year(year), chrono::month(month), chrono::day(day)};
    if ((fields != 3 && fields < 6) || !date.ok()
        || (fields > 3 && separator != ' ' && separator != 'T') || hour > 23 || minute > 59
        || second > 59) {
        return fail(
            ErrorCode::InvalidArgument,
            "bad date '" + text + "' (use 2024-03-01, 2024-03-01T12:30 or epoch milliseconds)");
    }
    const auto at = chrono::sys_days(date) + chrono::hours(hour) + chrono::minutes(minute)
                    + chrono::seconds(second);
    return Timestamp::from_millis(
        chrono::duration_cast<chrono::milliseconds>(at.time_since_epoch()).count());
}

std::string csv_row(const bybit::Kline& kline) {
    return fmt::format("{},{},{},{},{},{}\n", kline.open_time.millis(), kline.open.to_string(),
                       kline.high.to_string(), kline.low.to_string(), kline.close.to_string(),
                       kline.volume.to_string());
}

// An output file opened for appending. Resuming: the header is checked, a
// trailing partial row is cut off, and the last row's open time returned.
class CandleFile {
public:
    static Result<CandleFile> open(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) {
            return fail(ErrorCode::Unavailable, path + ": cannot open for writing");
        }
        CandleFile file(path, fd);
        auto resumed = file.resume();
        if (!resumed) {
            return fail(resumed.error());
        }
        return file;
    }

    CandleFile(CandleFile&& other) noexcept
        : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), last_(other.last_) {}

    CandleFile& operator=(CandleFile&&) = delete;
    CandleFile(const CandleFile&) = delete;
    CandleFile& operator=(const CandleFile&) = delete;

    ~CandleFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    // The open time of the last complete row, if any.
    std::optional<Timestamp> last() const { return last_; }

    // Appends the text and makes it durable before returning.
    Status append(const std::string& text) {
        std::size_t written = 0;
        while (written < text.size()) {
            const auto n = ::write(fd_, text.data() + written, text.size() - written);
            if (n <= 0) {
                return fail(ErrorCode::Unavailable, path_ + ": write failed");
            }
            written += static_cast<std::size_t>(n);
        }
        if (::fsync(fd_) != 0) {
            return fail(ErrorCode::Unavailable, path_ + ": fsync failed");
        }
        return {};
    }

private:
    CandleFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

    Status resume() {
        struct stat info {};

        if (::fstat(fd_, &info) != 0) {
            return fail(ErrorCode::Unavailable, path_ + ": cannot read");
        }
        const auto size = static_cast<std::size_t>(info.st_size);
        // The tail holds the last complete row (rows are short).
        const std::size_t tail_start = size > 4096 ? size - 4096 : 0;
        std::string tail(size - tail_start, '\0');
        if (::pread(fd_, tail.data(), tail.size(), static_cast<off_t>(tail_start))
            != static_cast<ssize_t>(tail.size())) {
            return fail(ErrorCode::Unavailable, path_ + ": cannot read");
        }
        std::string head(std::min<std::size_t>(size, csv_header.size()), '\0');
        if (::pread(fd_, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size())) {
            return fail(ErrorCode::Unavailable, path_ + ": cannot read");
        }
        const auto end = tail.rfind('\n');
        const std::size_t complete = end == std::string::npos ? 0 : tail_start + end + 1;
        // Anything but (a prefix of) our header means someone else's file.
        if (head != csv_header.substr(0, head.size())) {
            return fail(ErrorCode::InvalidArgument,
                        path_ + ": not an Osprey candle CSV (header ts,open,high,low,close,volume); "
                                "refusing to append to it");
        }
        if (complete < size && ::ftruncate(fd_, static_cast<off_t>(complete)) != 0) {
            return fail(ErrorCode::Unavailable, path_ + ": cannot cut off a partial row");
        }
        if (complete < csv_header.size()) {
            if (complete > 0 && ::ftruncate(fd_, 0) != 0) {
                return fail(ErrorCode::Unavailable, path_ + ": cannot rewrite the header");
            }
            return append(std::string(csv_header));
        }
        if (complete == csv_header.size()) {
            return {};
        }
        const std::string_view rows(tail.data(), end);
        const auto start = rows.rfind('\n') + 1;  // npos + 1 == 0
        const auto comma = rows.find(',', start);
        const std::string ts(
            rows.substr(start, comma == std::string_view::npos ? 0 : comma - start));
        auto last = parse_date(ts);
        if (ts.empty() || !last) {
            return fail(ErrorCode::ParseError,
                        path_ + ": the last row has no timestamp; cannot resume");
        }
        last_ = *last;
        return {};
    }

    std::string path_;
    int fd_ = -1;
    std::optional<Timestamp> last_;
};

// A bar as its CSV row.
struct Bar {
    Timestamp open_time;
    std::string row;
};

// One page of bars with open times in [first, last], oldest first.
using PageSource = std::function<Result<std::vector<Bar>>(bybit::KlineWindow)>;

Result<PageSource> bybit_source(const DownloadOptions& options, const Symbol& symbol,
                                Timeframe timeframe, const engine::Clock& clock) {
    auto category = bybit::parse_category(options.category);
    if (!category) {
        return fail(category.error());
    }
    if (auto interval = bybit::kline_interval(timeframe); !interval) {
        return fail(interval.error());
    }
    bybit::RestOptions rest_options;
    rest_options.base_url =
        options.base_url.empty() ? std::string(bybit::mainnet_rest_url) : options.base_url;
    auto rest = bybit::RestClient::create(rest_options, {}, clock);
    if (!rest) {
        return fail(rest.error());
    }
    auto client = std::make_shared<bybit::RestClient>(std::move(*rest));
    return PageSource([client, category = *category, symbol,
                       timeframe](bybit::KlineWindow window) -> Result<std::vector<Bar>> {
        auto klines = client->klines(category, symbol, timeframe, window);
        if (!klines) {
            return fail(klines.error());
        }
        std::vector<Bar> bars;
        bars.reserve(klines->size());
        for (const auto& kline : *klines) {
            bars.push_back(Bar{kline.open_time, csv_row(kline)});  // the venue's own digits
        }
        return bars;
    });
}

Result<PageSource> binance_source(const DownloadOptions& options, const Symbol& symbol,
                                  Timeframe timeframe, const engine::Clock& clock) {
    binance::RestConfig config;
    config.base_url =
        options.base_url.empty() ? std::string(binance::mainnet_rest_url) : options.base_url;
    auto rest = binance::RestClient::create(std::move(config), clock);
    if (!rest) {
        return fail(rest.error());
    }
    auto client = std::make_shared<binance::RestClient>(std::move(*rest));
    return PageSource([client, symbol, interval = timeframe.to_string()](
                          bybit::KlineWindow window) -> Result<std::vector<Bar>> {
        auto klines =
            client->klines(binance::KlineQuery{symbol, interval, window.first, window.last, 1000});
        if (!klines) {
            return fail(klines.error());
        }
        std::vector<Bar> bars;
        bars.reserve(klines->size());
        for (const auto& kline : *klines) {
            const Candle& c = kline.candle;
            // Shortest text that reads back as the same double.
            bars.push_back(Bar{c.open_time, fmt::format("{},{},{},{},{},{}\n", c.open_time.millis(),
                                                        c.open, c.high, c.low, c.close, c.volume)});
        }
        return bars;
    });
}

class ProgressBar {
public:
    ProgressBar(std::string label, std::int64_t total) : label_(std::move(label)), total_(total) {}

    void draw(std::int64_t done, bool final) const {
        const std::int64_t shown = std::min(done, total_);
        const std::int64_t filled = total_ > 0 ? 30 * shown / total_ : 30;
        const double seconds = stopwatch_.elapsed().count();
        const std::string line =
            fmt::format("{} [{:<30}] {}/{} bars, {:.0f} bars/s", label_,
                        std::string(static_cast<std::size_t>(filled), '#'), shown, total_,
                        seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
        std::fprintf(stderr, "%s%s%s", terminal_ ? "\r" : "", line.c_str(),
                     final || !terminal_ ? "\n" : "");
    }

private:
    std::string label_;
    std::int64_t total_;
    bool terminal_ = ::isatty(::fileno(stderr)) != 0;
    Stopwatch stopwatch_;
};

// The checked arguments: bars with open times in [first, last].
struct DownloadPlan {
    Symbol symbol;
    Timeframe timeframe{std::chrono::minutes(1)};
    Timestamp first;
    Timestamp last;
};

Result<DownloadPlan> plan_download(const DownloadOptions& options) {
    auto symbol = Symbol::parse(options.symbol);
    auto timeframe = Timeframe::parse(options.interval);
    auto from = parse_date(options.from);
    auto to = parse_date(options.to);
    for (const Error* error :
         {symbol ? nullptr : &symbol.error(), timeframe ? nullptr : &timeframe.error(),
          from ? nullptr : &from.error(), to ? nullptr : &to.error()}) {
        if (error != nullptr) {
            return fail(*error);
        }
    }
    if (*to <= *from) {
        return fail(ErrorCode::InvalidArgument, "--to must be after --from");
    }
    if (options.exchange != "bybit" && options.exchange != "binance") {
        return fail(ErrorCode::InvalidArgument,
                    "--exchange " + options.exchange + ": binance or bybit");
    }
    const Duration span = timeframe->span();
    const Timestamp first = from->floor_to(span) < *from ? from->floor_to(span) + span : *from;
    const Timestamp last = (*to - Duration(1)).floor_to(span);  // the last open time before --to
    return DownloadPlan{*symbol, *timeframe, first, last};
}

Status download(const DownloadOptions& options, const engine::Clock& clock) {
    auto plan = plan_download(options);
    if (!plan) {
        return fail(plan.error());
    }
    const auto& [symbol, timeframe, first, planned_last] = *plan;
    auto source = options.exchange == "bybit" ? bybit_source(options, symbol, timeframe, clock)
                                              : binance_source(options, symbol, timeframe, clock);
    if (!source) {
        return fail(source.error());
    }
    auto file = CandleFile::open(options.out);
    if (!file) {
        return fail(file.error());
    }
    const Duration span = timeframe.span();
    // A bar still forming is not history: it would be written half-made and
    // never corrected by a resume.
    const Timestamp last = std::min(planned_last, clock.now().floor_to(span) - span);
    Timestamp next = file->last() ? std::max(first, *file->last() + span) : first;
    const ProgressBar progress(options.symbol + " " + options.interval,
                               std::max<std::int64_t>((last - first) / span + 1, 0));
    while (next <= last) {
        const auto window = bybit::kline_window(next, last, timeframe, bybit::max_klines_per_page);
        auto page = (*source)(window);
        if (!page) {
            return fail(page.error());
        }
        std::string rows;
        for (const auto& bar : *page) {
            // Only new bars of this window, ascending: never a duplicate row.
            if (bar.open_time >= next && bar.open_time <= window.last) {
                rows += bar.row;
                next = bar.open_time + span;
            }
        }
        if (auto written = file->append(rows); !written) {
            return written;
        }
        next = std::max(next, window.last + span);
        progress.draw((std::min(next, last + span) - first) / span, false);
    }
    progress.draw(std::max<std::int64_t>((last - first) / span + 1, 0), true);
    return {};
}

}  // namespace

Action add_download_command(CLI::App& cli) {
    auto options = std::make_shared<DownloadOptions>();
    CLI::App* command =
        cli.add_subcommand("download", "Download kline history into a candle CSV (resumable)");
    command->add_option("--exchange", options->exchange, "binance or bybit")->required();
    command->add_option("--symbol", options->symbol, "Symbol, e.g. BTCUSDT")->required();
    command->add_option("--interval", options->interval, "Bar length: 1m, 5m, 1h, 1d...")
        ->required();
    command
        ->add_option("--from", options->from, "First bar (UTC): 2024-03-01, 2024-03-01T12:30 or ms")
        ->required();
    command->add_option("--to", options->to, "End, exclusive (UTC), same forms as --from")
        ->required();
    command->add_option("--out", options->out, "CSV file; an existing one is resumed")->required();
    command->add_option("--base-url", options->base_url,
                        "REST base URL (default: the venue's mainnet; tests point it at the mock)");
    command->add_option("--category", options->category, "Bybit market: spot or linear")
        ->default_val("spot");
    return [options] {
        const engine::SystemClock clock;
        if (auto done = download(*options, clock); !done) {
            return report_error(done.error(), done.error().code == ErrorCode::InvalidArgument
                                                  ? exit_usage
                                                  : exit_failure);
        }
        return 0;
    };
}

}  // namespace osprey::app
