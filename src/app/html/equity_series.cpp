#include "app/html/equity_series.hpp"

#include <algorithm>
#include <chrono>

#include "core/assert.hpp"

namespace osprey::app {

namespace {

std::chrono::year_month month_of(Timestamp at) {
    const std::chrono::sys_days day =
        std::chrono::floor<std::chrono::days>(std::chrono::sys_time<Duration>(at.since_epoch()));
    const std::chrono::year_month_day date(day);
    return date.year() / date.month();
}

Timestamp start_of_next(std::chrono::year_month month) {
    const std::chrono::sys_days first = (month + std::chrono::months(1)) / 1;
    return Timestamp::from_nanos(
        std::chrono::duration_cast<Duration>(first.time_since_epoch()).count());
}

MonthlyReturn month_return(std::chrono::year_month month, double start, double end) {
    return {static_cast<int>(month.year()), static_cast<unsigned>(month.month()),
            (end / start - 1.0) * 100.0};
}

}  // namespace

std::vector<EquityPoint> equity_points(const EquityCurve& curve, Timeframe display) {
    OSPREY_ASSERT(curve.bars.size() == curve.equity.size(), "one equity per bar");
    std::vector<EquityPoint> points;
    double peak = curve.starting_balance;
    for (std::size_t i = 0; i < curve.bars.size(); ++i) {
        const double equity = curve.equity[i];
        peak = std::max(peak, equity);
        const double drawdown = peak > 0 ? (equity / peak - 1.0) * 100.0 : 0.0;
        const Timestamp bucket = curve.bars[i].open_time.floor_to(display.span());
        if (points.empty() || points.back().time != bucket) {
            points.push_back({bucket, equity, drawdown});
        } else {
            points.back().equity = equity;
            points.back().drawdown_pct = std::min(points.back().drawdown_pct, drawdown);
        }
    }
    return points;
}

std::vector<MonthlyReturn> monthly_returns(const EquityCurve& curve) {
    OSPREY_ASSERT(curve.bars.size() == curve.equity.size(), "one equity per bar");
    std::vector<MonthlyReturn> months;
    if (curve.bars.empty()) {
        return months;
    }
    std::chrono::year_month month = month_of(curve.bars.front().open_time);
    Timestamp month_end = start_of_next(month);
    double start = curve.starting_balance;
    for (std::size_t i = 1; i < curve.bars.size(); ++i) {
        if (curve.bars[i].open_time >= month_end) {
            months.push_back(month_return(month, start, curve.equity[i - 1]));
            start = curve.equity[i - 1];
            month = month_of(curve.bars[i].open_time);
            month_end = start_of_next(month);
        }
    }
    months.push_back(month_return(month, start, curve.final_balance));
    return months;
}

}  // namespace osprey::app
