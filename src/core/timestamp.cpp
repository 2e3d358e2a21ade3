#include "core/timestamp.hpp"

#include <fmt/format.h>

namespace osprey {

std::string format_utc(Timestamp at) {
    namespace chrono = std::chrono;
    const chrono::sys_time<chrono::nanoseconds> point{chrono::nanoseconds(at.nanos())};
    const chrono::sys_days day = chrono::floor<chrono::days>(point);
    const chrono::year_month_day date{day};
    const chrono::hh_mm_ss<chrono::seconds> time{chrono::floor<chrono::seconds>(point - day)};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
}

}  // namespace osprey
