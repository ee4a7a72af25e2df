// Line and bar charts as inline SVG strings (see svg_chart.h).
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace edgerec::report {
namespace {

// Okabe & Ito's palette minus its yellow, which is unreadable on white.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
constexpr const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3"};

// Every chart has the same frame so a page of them lines up; only the legend grows.
constexpr double kWidth = 640, kLeft = 64, kRight = 16, kTop = 40, kPlotHeight = 220;
constexpr double kAxisHeight = 48;  // tick labels and the x-axis label under the plot
constexpr double kLegendRow = 18;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kBase = kTop + kPlotHeight;  // y of the x axis

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

// Coordinates: two decimals keep the markup short and stable across runs.
std::string px(double v) { return fmt("%.2f", v); }

// The smallest of 1, 2, 2.5, 5, 10 times a power of ten that is >= v, so ticks read well.
double nice_ceiling(double v) {
  if (!(v > 0)) return 0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 2.5, 5.0}) {
    if (v <= step * magnitude * (1 + 1e-9)) return step * magnitude;
  }
  return 10 * magnitude;
}

struct Scale {
  double lo = 0, hi = 1;
  double y(double v) const { return kBase - kPlotHeight * (v - lo) / (hi - lo); }
};

Scale scale_for(const std::vector<double>& values) {
  Scale s;
  double min_v = 0, max_v = 0;
  for (double v : values) {
    min_v = std::min(min_v, v);
    max_v = std::max(max_v, v);
  }
  s.hi = nice_ceiling(max_v);
  s.lo = min_v < 0 ? -nice_ceiling(-min_v) : 0;
  if (!(s.hi > s.lo)) s.hi = s.lo + 1;  // all zero: still a readable axis
  return s;
}

bool present(const std::optional<double>& v) { return v.has_value() && std::isfinite(*v); }

constexpr size_t kMaxRings = 4;  // ring sizes around a shared point (4 + 3 * k px, k <= 4)

double legend_height(size_t entries) { return entries == 0 ? 0 : static_cast<double>(entries) * kLegendRow + 8; }

void open_svg(std::string& out, const char* kind, const ChartFrame& f, size_t series, size_t points, bool empty,
              size_t legend_entries) {
  const double height = kBase + kAxisHeight + legend_height(legend_entries);
  const std::string id = escape_html(f.id);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart " + std::string(kind) + "\" id=\"" + id +
         "\" data-metric=\"" + escape_html(f.metric) + "\" data-series-count=\"" + std::to_string(series) +
         "\" data-points=\"" + std::to_string(points) + "\" data-empty=\"" + (empty ? "true" : "false") +
         "\" role=\"img\" aria-labelledby=\"" + id + "-title\" width=\"" + px(kWidth) + "\" height=\"" + px(height) +
         "\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) + "\" font-family=\"system-ui, sans-serif\" font-size=\"12\">";
  out += "<title id=\"" + id + "-title\">" + escape_html(f.title) + "</title>";
  out += "<text class=\"chart-title\" x=\"" + px(kLeft) + "\" y=\"22\" font-size=\"15\" font-weight=\"600\">" +
         escape_html(f.title) + "</text>";
}

// Grid lines, y ticks, both axes and their labels; x ticks are drawn by the caller.
void draw_axes(std::string& out, const ChartFrame& f, const Scale& s) {
  out += "<g class=\"axis y-axis\" fill=\"#333\">";
  constexpr int kTicks = 5;
  for (int i = 0; i <= kTicks; ++i) {
    const double v = s.lo + (s.hi - s.lo) * i / kTicks;
    const std::string y = px(s.y(v));
    out += "<line x1=\"" + px(kLeft) + "\" x2=\"" + px(kWidth - kRight) + "\" y1=\"" + y + "\" y2=\"" + y +
           "\" stroke=\"#e4e4e4\"/>";
    out += "<text x=\"" + px(kLeft - 6) + "\" y=\"" + px(s.y(v) + 4) + "\" text-anchor=\"end\">" +
           escape_html(fmt("%.3g", std::fabs(v) < 1e-12 ? 0.0 : v)) + "</text>";
  }
  out += "<line x1=\"" + px(kLeft) + "\" x2=\"" + px(kLeft) + "\" y1=\"" + px(kTop) + "\" y2=\"" + px(kBase) +
         "\" stroke=\"#555\"/>";
  out += "<text class=\"axis-label\" transform=\"translate(16 " + px(kTop + kPlotHeight / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape_html(f.y_label) + "</text></g>";
  out += "<g class=\"axis x-axis\" fill=\"#333\"><line x1=\"" + px(kLeft) + "\" x2=\"" + px(kWidth - kRight) +
         "\" y1=\"" + px(s.y(0)) + "\" y2=\"" + px(s.y(0)) + "\" stroke=\"#555\"/>";
  out += "<text class=\"axis-label\" x=\"" + px(kLeft + kPlotWidth / 2) + "\" y=\"" + px(kBase + 40) +
         "\" text-anchor=\"middle\">" + escape_html(f.x_label) + "</text></g>";
}

void draw_x_tick(std::string& out, double x, const std::string& label) {
  out += "<text class=\"x-tick\" x=\"" + px(x) + "\" y=\"" + px(kBase + 18) + "\" text-anchor=\"middle\" fill=\"#333\">" +
         escape_html(label) + "</text>";
}

void draw_no_data(std::string& out, const ChartFrame& f) {
  out += "<text class=\"no-data\" x=\"" + px(kLeft + kPlotWidth / 2) + "\" y=\"" + px(kTop + kPlotHeight / 2) +
         "\" text-anchor=\"middle\" fill=\"#666\">" + escape_html(f.empty_text) + "</text>";
}

double category_x(size_t i, size_t n) { return kLeft + kPlotWidth * (static_cast<double>(i) + 0.5) / static_cast<double>(n); }

double legend_y(size_t row) { return kBase + kAxisHeight + 4 + kLegendRow * static_cast<double>(row); }

// Where a series would be drawn over an earlier one (identical models give identical metrics):
// the earliest series it coincides with, its place among the series drawn over that one, and
// the group's size. Coincide = points at the same x values, each less than a pixel apart.
struct Overlap {
  size_t base = 0;
  size_t position = 0;  // 0: the base itself (or a series over no other)
  size_t group = 1;
  bool same_values = true;
};

// Whether `a` would be drawn over `b`: points at the same x values, each less than a pixel apart,
// and at least one. `same` tells whether the values are equal, not just close.
bool coincide(const LineSeries& a, const LineSeries& b, size_t n, const Scale& scale, bool& same) {
  const auto value = [](const LineSeries& s, size_t i) { return i < s.values.size() ? s.values[i] : std::nullopt; };
  bool any = false;
  same = true;
  for (size_t i = 0; i < n; ++i) {
    const std::optional<double> va = value(a, i), vb = value(b, i);
    if (present(va) != present(vb)) return false;
    if (!present(va)) continue;
    if (std::fabs(scale.y(*va) - scale.y(*vb)) >= 1.0) return false;
    any = true;
    same = same && *va == *vb;
  }
  return any;
}

std::vector<Overlap> find_overlaps(const LineChart& chart, const Scale& scale) {
  std::vector<Overlap> overlaps(chart.series.size());
  for (size_t s = 0; s < chart.series.size(); ++s) {
    overlaps[s].base = s;
    for (size_t earlier = 0; earlier < s; ++earlier) {
      Overlap& base = overlaps[earlier];
      bool same = true;
      if (base.position != 0 || !coincide(chart.series[s], chart.series[earlier], chart.x_values.size(), scale, same)) {
        continue;
      }
      overlaps[s].base = earlier;
      overlaps[s].position = base.group;
      overlaps[s].same_values = same;
      base.group += 1;
      break;
    }
  }
  for (Overlap& o : overlaps) o.group = overlaps[o.base].group;
  return overlaps;
}

// Dashes for a series drawn over `o.base`: each member of the group draws one 5-px dash per
// period in its own slot, so the base (solid, underneath) and every member stay visible.
std::string overlap_dash(const Overlap& o) {
  const double dash = 5;
  const double period = dash * static_cast<double>(o.group);
  return " stroke-dasharray=\"" + px(dash) + " " + px(period - dash) + "\" stroke-dashoffset=\"" +
         px(period - dash * static_cast<double>(o.position)) + "\"";
}

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters are not allowed in HTML text; show them as U+FFFD.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
        else out += c;
    }
  }
  return out;
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "∞" : "-∞");
  if (v == std::floor(v) && std::fabs(v) < 1e12) return fmt("%.0f", v);
  return fmt("%.4g", v);
}

const char* series_colour(size_t index) { return kPalette[index % kPaletteSize]; }

const char* series_dash(size_t index) {
  return kDashes[(index / kPaletteSize) % (sizeof(kDashes) / sizeof(kDashes[0]))];
}

std::string render_line_chart(const LineChart& chart) {
  const ChartFrame& f = chart.frame;
  std::vector<double> values;
  for (const LineSeries& s : chart.series) {
    for (const auto& v : s.values) {
      if (present(v)) values.push_back(*v);
    }
  }
  const bool empty = values.empty();
  const Scale scale = scale_for(values);
  const size_t n = chart.x_values.size();
  std::string out;
  open_svg(out, "line-chart", f, chart.series.size(), n, empty, empty ? 0 : chart.series.size());
  draw_axes(out, f, scale);
  for (size_t i = 0; i < n; ++i) draw_x_tick(out, category_x(i, n), chart.x_values[i]);
  if (empty) {
    draw_no_data(out, f);
    return out + "</svg>";
  }
  const std::vector<Overlap> overlaps = find_overlaps(chart, scale);
  // The stroke of series si's line and legend sample: its own dash, or an overlap's slot.
  const auto stroke = [&](size_t si) {
    const std::string dash = series_dash(si);
    if (overlaps[si].position != 0) return overlap_dash(overlaps[si]);
    return dash.empty() ? std::string() : " stroke-dasharray=\"" + dash + "\"";
  };
  out += "<g class=\"plot\">";
  for (size_t si = 0; si < chart.series.size(); ++si) {
    const LineSeries& s = chart.series[si];
    const Overlap& overlap = overlaps[si];
    const std::string colour = series_colour(si);
    // Over an earlier series, marks are rings around its dots, wider for each later member up to
    // kMaxRings: a group of 100 identical versions would otherwise draw rings across the chart.
    const std::string mark_style =
        overlap.position == 0 ? "r=\"4\" fill=\"" + colour + "\""
                              : "r=\"" + px(4 + 3 * static_cast<double>(std::min(overlap.position, kMaxRings))) +
                                    "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"";
    std::string path, marks;
    bool pen_down = false;  // a missing point breaks the line
    for (size_t i = 0; i < n && i < s.values.size(); ++i) {
      if (!present(s.values[i])) {
        pen_down = false;
        continue;
      }
      const double x = category_x(i, n), y = scale.y(*s.values[i]);
      path += (pen_down ? " L" : (path.empty() ? "M" : " M")) + px(x) + " " + px(y);
      pen_down = true;
      marks += "<circle class=\"mark\" cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" " + mark_style +
               " data-x=\"" + escape_html(chart.x_values[i]) + "\" data-value=\"" + fmt("%.10g", *s.values[i]) +
               "\"><title>" + escape_html(s.label + ", " + f.x_label + " " + chart.x_values[i] + ": " +
                                          format_number(*s.values[i])) +
               "</title></circle>";
    }
    out += "<g class=\"series\" data-series=\"" + escape_html(s.key) + "\"" +
           (overlap.position == 0 ? "" : " data-coincides-with=\"" + escape_html(chart.series[overlap.base].key) + "\"") +
           ">";
    if (!path.empty()) {
      out += "<path class=\"line\" d=\"" + path + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
             stroke(si) + "/>";
    }
    out += marks + "</g>";
  }
  out += "</g><g class=\"legend\">";
  for (size_t si = 0; si < chart.series.size(); ++si) {
    const LineSeries& s = chart.series[si];
    const bool has_any = std::any_of(s.values.begin(), s.values.end(), present);
    const Overlap& overlap = overlaps[si];
    std::string note = has_any ? "" : " (no data)";
    if (overlap.position != 0) {
      note = std::string(overlap.same_values ? " (same values as " : " (overlaps ") + chart.series[overlap.base].tag + ")";
    }
    const std::string y = px(legend_y(si));
    out += "<g class=\"legend-entry\" data-series=\"" + escape_html(s.key) + "\"><line x1=\"" + px(kLeft) + "\" x2=\"" +
           px(kLeft + 24) + "\" y1=\"" + y + "\" y2=\"" + y + "\" stroke=\"" + series_colour(si) +
           "\" stroke-width=\"2\"" + stroke(si) + "/><text x=\"" + px(kLeft + 32) + "\" y=\"" + px(legend_y(si) + 4) +
           "\" fill=\"#222\">" + escape_html(s.label + note) + "</text></g>";
  }
  return out + "</g></svg>";
}

std::string render_bar_chart(const BarChart& chart) {
  const ChartFrame& f = chart.frame;
  std::vector<double> values;
  for (const Bar& b : chart.bars) {
    if (present(b.value)) values.push_back(*b.value);
  }
  const bool empty = values.empty();
  const Scale scale = scale_for(values);
  const size_t n = chart.bars.size();
  std::string out;
  open_svg(out, "bar-chart", f, n, 1, empty, empty ? 0 : n);
  draw_axes(out, f, scale);
  for (size_t i = 0; i < n; ++i) draw_x_tick(out, category_x(i, n), chart.bars[i].tick);
  if (empty) {
    draw_no_data(out, f);
    return out + "</svg>";
  }
  const double slot = kPlotWidth / static_cast<double>(n);
  const double width = std::min(56.0, slot * 0.6);
  const bool value_labels = slot >= 40;  // narrower slots would make the labels overlap
  out += "<g class=\"plot\">";
  for (size_t i = 0; i < n; ++i) {
    const Bar& b = chart.bars[i];
    const double cx = category_x(i, n);
    out += "<g class=\"series\" data-series=\"" + escape_html(b.key) + "\">";
    if (!present(b.value)) {
      out += "<text class=\"missing\" x=\"" + px(cx) + "\" y=\"" + px(scale.y(0) - 6) +
             "\" text-anchor=\"middle\" fill=\"#666\">—</text></g>";
      continue;
    }
    const double v = *b.value;
    // Whole pixels with crisp edges: bars render in their exact colour. At least 2 px high, so
    // a zero (or tiny) value is still a visible mark.
    const double y0 = std::round(scale.y(0)), y1 = std::round(scale.y(v));
    const double height = std::max(std::fabs(y1 - y0), 2.0);
    const double top = v >= 0 ? y0 - height : y0;
    const std::string text = format_number(v) + chart.unit;
    out += "<rect class=\"mark\" x=\"" + px(std::round(cx - width / 2)) + "\" y=\"" + px(top) + "\" width=\"" +
           px(std::round(width)) + "\" height=\"" + px(height) + "\" shape-rendering=\"crispEdges\" fill=\"" +
           series_colour(i) + "\" data-value=\"" + fmt("%.10g", v) +
           "\"><title>" + escape_html(b.label + ": " + text) + "</title></rect>";
    if (value_labels) {
      out += "<text class=\"value\" x=\"" + px(cx) + "\" y=\"" + px(top - 4) + "\" text-anchor=\"middle\" fill=\"#222\">" +
             escape_html(text) + "</text>";
    }
    out += "</g>";
  }
  out += "</g><g class=\"legend\">";
  for (size_t i = 0; i < n; ++i) {
    const Bar& b = chart.bars[i];
    const double y = legend_y(i);
    out += "<g class=\"legend-entry\" data-series=\"" + escape_html(b.key) + "\"><rect x=\"" + px(kLeft + 6) +
           "\" y=\"" + px(y - 6) + "\" width=\"12\" height=\"12\" fill=\"" + series_colour(i) + "\"/><text x=\"" +
           px(kLeft + 32) + "\" y=\"" + px(y + 4) + "\" fill=\"#222\">" +
           escape_html(b.label + (present(b.value) ? "" : " (no data)")) + "</text></g>";
  }
  return out + "</g></svg>";
}

}  // namespace edgerec::report
