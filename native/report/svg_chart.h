// Inline SVG charts for `edgerec report`, rendered in C++ so the page needs no script or
// network. Each chart is one <svg class="chart"> whose data marks carry class="mark" (circles
// for line charts, rects for bar charts) and data-series/data-value attributes, so a test can
// count and measure them. A chart with no value at all says so in a <text class="no-data">.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgerec::report {

/// `s` with & < > " ' replaced by entities: safe as element text and as a quoted attribute.
std::string escape_html(std::string_view s);

/// A value for people: integers as integers, others with 4 significant digits ("0.1235").
std::string format_number(double v);

/// The colour of series `index`: the Okabe-Ito palette (readable by colour-blind people),
/// cycling; series past the palette also get a dash pattern (series_dash) to stay apart.
const char* series_colour(size_t index);
/// "" for the first round of colours, then a stroke-dasharray value.
const char* series_dash(size_t index);

/// What every chart has: where it is, what it shows, what to say when there is nothing.
struct ChartFrame {
  std::string id;          ///< element id, e.g. "chart-ndcg"
  std::string metric;      ///< data-metric, e.g. "normalized_discounted_cumulative_gain"
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string empty_text;  ///< shown when no series has any value
};

/// One line of a line chart (one solution version).
struct LineSeries {
  std::string key;    ///< data-series, e.g. the solution version id
  std::string label;  ///< legend text
  std::string tag;    ///< how other legend entries name it, e.g. "v1"
  std::vector<std::optional<double>> values;  ///< one per x value; nullopt (or non-finite) = no point
};

struct LineChart {
  ChartFrame frame;
  std::vector<std::string> x_values;  ///< categories along x, e.g. "5", "10", "25"
  std::vector<LineSeries> series;
};

/// One bar of a bar chart (one solution version).
struct Bar {
  std::string key;    ///< data-series
  std::string tick;   ///< label under the bar, e.g. "v2"
  std::string label;  ///< legend text
  std::optional<double> value;
};

struct BarChart {
  ChartFrame frame;
  std::string unit;  ///< appended to value labels, e.g. " s"
  std::vector<Bar> bars;
};

/// <svg class="chart line-chart" ...>: a polyline and one circle.mark per present point per
/// series, a legend entry per series, axes with ticks and labels. A series whose line would lie
/// on an earlier one's (identical models: the same values) is drawn dashed, its marks as rings
/// around the earlier marks, so the earlier line shows through; its g.series carries
/// data-coincides-with (the earlier key) and its legend entry says "same values as v1" (or
/// "overlaps v1" when the values differ by less than a pixel).
std::string render_line_chart(const LineChart& chart);

/// <svg class="chart bar-chart" ...>: one rect.mark per bar with a value (at least 2 px high so a
/// zero stays visible), "—" where a bar has none, a legend entry per bar.
std::string render_bar_chart(const BarChart& chart);

}  // namespace edgerec::report
