#pragma once
// The front-end of the HTML report (web/report), built into the binary by
// cmake/EmbedText.cmake so that `osprey report` needs no files at run time
// and the pages it writes open offline.

#include <string_view>

namespace osprey::app {

// TradingView's lightweight-charts, its standalone production build (it
// defines window.LightweightCharts), as npm installed it in web/report.
std::string_view chart_library();

// web/report/src/report.html: the page, with placeholders for the library
// and the report's data.
std::string_view report_page_template();

}  // namespace osprey::app
