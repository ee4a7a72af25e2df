// Rendering the report page: header, problems, the versions table, the charts.
#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "report/svg_chart.h"

namespace edgerec::report {
namespace {

constexpr int kCutoffs[] = {5, 10, 25};

// A family of metrics measured at each cut-off K, drawn as one line chart.
struct Family {
  const char* metric;  // data-metric of the chart
  const char* short_name;
  const char* title;
};
constexpr Family kFamilies[] = {
    {"normalized_discounted_cumulative_gain", "NDCG", "Normalized discounted cumulative gain at K"},
    {"precision", "Precision", "Precision at K"},
    {"recall", "Recall", "Recall at K"},
};

// One value per version, drawn as a bar chart.
struct BarMetric {
  const char* metric;
  const char* title;
  const char* y_label;
};
constexpr BarMetric kBarMetrics[] = {
    {"coverage", "Coverage", "coverage"},
    {"mean_reciprocal_rank_at_25", "Mean reciprocal rank at 25", "MRR@25"},
    {"popularity_bias_at_25", "Popularity bias at 25 (top-25 share from the top 1% items)", "popularity bias@25"},
};

// Short column headings of the metrics outside kFamilies (those are headed by family and K).
std::string heading_of(const std::string& metric) {
  if (metric == "coverage") return "Coverage";
  if (metric == "mean_reciprocal_rank_at_25") return "MRR@25";
  if (metric == "popularity_bias_at_25") return "Popularity bias@25";
  return metric;
}

// Higher is better for these; popularity bias is a property, not a goal, so it is not ranked.
bool ranked(const std::string& metric) {
  return metric != "popularity_bias_at_25" && personalize_metric_names().end() !=
         std::find(personalize_metric_names().begin(), personalize_metric_names().end(), metric);
}

std::string utc_time(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &utc);
  return buf;
}

std::string format_seconds(double s) {
  char buf[48];
  if (!std::isfinite(s) || s < 10) std::snprintf(buf, sizeof(buf), "%.3g s", s);  // 0.000644 s, 4.54 s
  else if (s < 60) std::snprintf(buf, sizeof(buf), "%.1f s", s);
  else if (s < 3600) std::snprintf(buf, sizeof(buf), "%d min %02d s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else std::snprintf(buf, sizeof(buf), "%d h %02d min", static_cast<int>(s) / 3600, static_cast<int>(s) % 3600 / 60);
  return buf;
}

// Keeps legends on one line; cuts on a UTF-8 character boundary.
std::string shorten(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string version_tag(size_t i) { return "v" + std::to_string(i + 1); }

std::string legend_label(const VersionRow& row, size_t i) {
  return version_tag(i) + " · " + shorten(row.recipe, 32) + " · " + shorten(row.id, 40);
}

// A table column group: one of kFamilies' metrics at each cut-off under one heading, or a single
// metric (family == nullptr).
struct ColumnGroup {
  const Family* family = nullptr;
  std::vector<std::string> metrics;
};

// The table's metric columns are Personalize's, always shown (a missing one reads "—"), so the
// table is as wide for every group and fits a laptop's width; families share a heading.
std::vector<ColumnGroup> metric_column_groups() {
  std::vector<ColumnGroup> groups;
  for (const std::string& metric : personalize_metric_names()) {
    const Family* family = nullptr;
    for (const Family& f : kFamilies) {
      if (metric.rfind(std::string(f.metric) + "_at_", 0) == 0) family = &f;
    }
    if (family == nullptr || groups.empty() || groups.back().family != family) groups.push_back({family, {}});
    groups.back().metrics.push_back(metric);
  }
  return groups;
}

// The metrics some version has beyond Personalize's (diagnostics such as metrics_test_users), by
// name: listed in each version's details, not as columns.
std::vector<std::pair<std::string, double>> other_metrics(const VersionRow& row) {
  const std::vector<std::string>& named = personalize_metric_names();
  std::vector<std::pair<std::string, double>> others;
  for (const auto& [name, value] : row.metrics) {
    if (std::find(named.begin(), named.end(), name) == named.end()) others.emplace_back(name, value);
  }
  return others;
}

// A metric's column heading; the full metric name is its data-metric and tooltip.
std::string metric_heading(const std::string& metric, const std::string& text, const char* extra_attributes) {
  return "<th class=\"num\" data-metric=\"" + escape_html(metric) + "\" title=\"" + escape_html(metric) + "\"" +
         extra_attributes + ">" + escape_html(text) + "</th>";
}

std::string metric_cell(const ReportData& data, const VersionRow& row, const std::string& c) {
  const std::optional<double> v = row.metric(c);
  if (!v) return "<td class=\"num missing\" data-metric=\"" + escape_html(c) + "\">—</td>";
  // The best value of a ranked metric is bold, when there is more than one to compare.
  bool best = ranked(c);
  size_t compared = 0;
  for (const VersionRow& other : data.versions) {
    const std::optional<double> o = other.metric(c);
    if (!o) continue;
    ++compared;
    if (*o > *v) best = false;
  }
  return "<td class=\"num" + std::string(best && compared > 1 ? " best" : "") + "\" data-metric=\"" + escape_html(c) +
         "\" data-value=\"" + escape_html(format_number(*v)) + "\" title=\"" + escape_html(c + " = " + format_number(*v)) +
         "\">" + escape_html(format_number(*v)) + "</td>";
}

std::string key_values(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  for (const auto& [k, v] : entries) out += " <code>" + escape_html(k + "=" + v) + "</code>";
  return out;
}

// Everything about a version but its metrics, in a row under it that spans the table, so a long
// list of hyperparameters wraps there instead of widening the table.
std::string details_row(const VersionRow& row, size_t columns) {
  std::string out = "<tr class=\"details\" data-series=\"" + escape_html(row.id) + "\"><td colspan=\"" +
                    std::to_string(columns) + "\"><div class=\"facts\"><code class=\"id\">" + escape_html(row.id) +
                    "</code> · " + escape_html(row.status) + " · created " + escape_html(utc_time(row.created_at)) +
                    " UTC · training mode " + escape_html(row.training_mode.value_or("—")) + "</div>";
  for (const std::string& p : row.problems) out += "<div class=\"row-error\">" + escape_html(p) + "</div>";
  if (!row.hyperparameters.empty()) out += "<div class=\"hp\">Hyperparameters:" + key_values(row.hyperparameters) + "</div>";
  if (!row.solution_config.empty()) out += "<div class=\"config\">Solution config:" + key_values(row.solution_config) + "</div>";
  const std::vector<std::pair<std::string, double>> others = other_metrics(row);
  if (!others.empty()) {
    out += "<div class=\"other-metrics\">Other metrics:";
    for (const auto& [name, value] : others) {
      out += " <code data-metric=\"" + escape_html(name) + "\" data-value=\"" + escape_html(format_number(value)) +
             "\">" + escape_html(name + "=" + format_number(value)) + "</code>";
    }
    out += "</div>";
  }
  return out + "</td></tr>";
}

void render_table(std::string& out, const ReportData& data) {
  const std::vector<ColumnGroup> groups = metric_column_groups();
  std::string first_row = "<th rowspan=\"2\">#</th><th rowspan=\"2\">Recipe</th>"
                          "<th class=\"num\" data-metric=\"training_seconds\" rowspan=\"2\">Training time</th>";
  std::string second_row;
  size_t columns = 3;
  for (const ColumnGroup& g : groups) {
    columns += g.metrics.size();
    if (g.family == nullptr) {
      for (const std::string& c : g.metrics) first_row += metric_heading(c, heading_of(c), " rowspan=\"2\"");
      continue;
    }
    first_row += "<th class=\"family\" colspan=\"" + std::to_string(g.metrics.size()) + "\" title=\"" +
                 escape_html(g.family->title) + "\">" + escape_html(g.family->short_name) + "</th>";
    // "@10" under the family's heading.
    for (const std::string& c : g.metrics) second_row += metric_heading(c, "@" + c.substr(c.rfind("_at_") + 4), "");
  }
  out += "<section id=\"versions-section\"><h2>Solution versions</h2><div class=\"table-wrap\">"
         "<table id=\"versions\" data-versions=\"" + std::to_string(data.versions.size()) + "\"><thead><tr>" + first_row +
         "</tr><tr>" + second_row + "</tr></thead>";
  for (size_t i = 0; i < data.versions.size(); ++i) {
    const VersionRow& row = data.versions[i];
    const bool problem = !row.problems.empty();
    out += "<tbody class=\"version-group\"><tr class=\"version" + std::string(problem ? " problem" : "") +
           "\" data-series=\"" + escape_html(row.id) + "\"><td class=\"nowrap\">" +
           (problem ? "<span class=\"flag\" title=\"see the problem under this row\">⚠</span> " : "") + version_tag(i) +
           "</td><td class=\"nowrap\">" + escape_html(row.recipe) + "</td>";
    if (row.training_seconds) {
      out += "<td class=\"num\" data-metric=\"training_seconds\" data-value=\"" + format_number(*row.training_seconds) +
             "\">" + escape_html(format_seconds(*row.training_seconds)) + "</td>";
    } else {
      out += "<td class=\"num missing\" data-metric=\"training_seconds\">—</td>";
    }
    for (const ColumnGroup& g : groups) {
      for (const std::string& c : g.metrics) out += metric_cell(data, row, c);
    }
    out += "</tr>" + details_row(row, columns) + "</tbody>";
  }
  out += "</table></div></section>";
}

void render_charts(std::string& out, const ReportData& data) {
  out += "<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">";
  for (const Family& f : kFamilies) {
    LineChart chart;
    chart.frame = {std::string("chart-") + f.metric, f.metric, f.title, "K (number of recommendations)",
                   f.short_name, std::string("No solution version has ") + f.metric + "_at_5/10/25 metrics"};
    for (int k : kCutoffs) chart.x_values.push_back(std::to_string(k));
    for (size_t i = 0; i < data.versions.size(); ++i) {
      LineSeries s{data.versions[i].id, legend_label(data.versions[i], i), version_tag(i), {}};
      for (int k : kCutoffs) s.values.push_back(data.versions[i].metric(std::string(f.metric) + "_at_" + std::to_string(k)));
      chart.series.push_back(std::move(s));
    }
    out += "<figure>" + render_line_chart(chart) + "</figure>";
  }
  for (const BarMetric& m : kBarMetrics) {
    BarChart chart;
    chart.frame = {std::string("chart-") + m.metric, m.metric, m.title, "solution version", m.y_label,
                   std::string("No solution version has a ") + m.metric + " metric"};
    for (size_t i = 0; i < data.versions.size(); ++i) {
      const VersionRow& row = data.versions[i];
      chart.bars.push_back({row.id, version_tag(i), legend_label(row, i), row.metric(m.metric)});
    }
    out += "<figure>" + render_bar_chart(chart) + "</figure>";
  }
  BarChart time;
  time.frame = {"chart-training_seconds", "training_seconds", "Training time", "solution version", "seconds",
                "No solution version's training time could be read"};
  time.unit = " s";
  for (size_t i = 0; i < data.versions.size(); ++i) {
    const VersionRow& row = data.versions[i];
    time.bars.push_back({row.id, version_tag(i), legend_label(row, i), row.training_seconds});
  }
  out += "<figure>" + render_bar_chart(time) + "</figure></div></section>";
}

constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;margin:24px;line-height:1.4}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px}
.meta{color:#555;margin:0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #d6d6d6;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f3f3;vertical-align:bottom}
th.family{text-align:center}
td.num,th.num{text-align:right}
td.num,td.nowrap,code.id{white-space:nowrap}
td.missing{color:#888;text-align:center}
td.best{font-weight:700}
tbody.version-group:nth-of-type(even){background:#fafafa}
tbody.version-group{border-top:2px solid #c8c8c8}
tr.version td{border-bottom:none}
tr.details td{border-top:none;padding:0 8px 6px;font-size:12px;color:#444}
tr.details code{font-size:11.5px;white-space:nowrap}
tr.details div{margin-top:2px}
tr.problem td,tr.problem+tr.details td{background:#fff4f2}
.row-error,.problems li{color:#a4262c}
.flag{color:#a4262c}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;border:1px solid #e2e2e2;border-radius:6px;padding:8px;background:#fff}
svg.chart{max-width:100%;height:auto;display:block}
.empty{padding:12px;background:#f6f6f6;border-left:4px solid #888}
)css";

}  // namespace

const std::vector<std::string>& personalize_metric_names() {
  static const std::vector<std::string> names = {
      "coverage",
      "mean_reciprocal_rank_at_25",
      "normalized_discounted_cumulative_gain_at_5",
      "normalized_discounted_cumulative_gain_at_10",
      "normalized_discounted_cumulative_gain_at_25",
      "precision_at_5",
      "precision_at_10",
      "precision_at_25",
      "recall_at_5",
      "recall_at_10",
      "recall_at_25",
      "popularity_bias_at_25",
  };
  return names;
}

std::string render_html_report(const ReportData& data) {
  const std::string dir = escape_html(data.group_dir);
  const size_t n = data.versions.size();
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<meta name=\"generator\" content=\"edgerec report\"><title>edgerec report: " + dir +
                    "</title><style>" + kStyle + "</style></head><body>";
  out += "<header><h1>Solution versions of <code>" + dir + "</code></h1><p class=\"meta\">" + std::to_string(n) +
         (n == 1 ? " solution version" : " solution versions") + " · generated " + utc_time(data.generated_at) +
         " UTC by <code>edgerec report</code> · metrics are computed at training time on held-out data, named as "
         "in Amazon Personalize</p></header>";
  if (n == 0) {
    out += "<p id=\"no-versions\" class=\"empty\">This dataset group has no solution versions yet. Train one with "
           "<code>edgerec train " + dir + " --recipe user-personalization</code>, then run the report again.</p>";
    return out + "</body></html>\n";
  }
  std::string problems;
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& p : data.versions[i].problems) {
      problems += "<li data-series=\"" + escape_html(data.versions[i].id) + "\">" + version_tag(i) + " <code>" +
                  escape_html(data.versions[i].id) + "</code>: " + escape_html(p) + "</li>";
    }
  }
  if (!problems.empty()) {
    out += "<section id=\"problems\" class=\"problems\"><h2>Problems</h2><p>These versions are shown with what the "
           "group's database knows; values read from their files are missing.</p><ul>" + problems + "</ul></section>";
  }
  render_table(out, data);
  render_charts(out, data);
  return out + "</body></html>\n";
}

}  // namespace edgerec::report
