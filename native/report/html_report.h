// The HTML page of `edgerec report`: one self-contained file (inline CSS and SVG, no script,
// nothing fetched) comparing a dataset group's solution versions.
//
// What tests and readers can rely on:
//   table#versions            one tr.version[data-series=ID] per version, oldest first; a version
//                             whose file could not be read has class "problem" and its error text
//   th/td[data-metric=NAME]   one column per metric (Personalize's set always, then any other
//                             metric a version has); a missing value is "—"
//   svg.chart[data-metric]    line charts of NDCG, precision and recall against K (5, 10, 25) and
//                             bar charts of coverage, mean_reciprocal_rank_at_25,
//                             popularity_bias_at_25 and training_seconds (see svg_chart.h)
//   #no-versions              present instead of the table and charts when there is no version
//   #problems                 lists every version's problems, when there are any
#pragma once

#include <string>
#include <vector>

#include "report/report_data.h"

namespace edgerec::report {

/// Personalize's solution metrics plus edgerec's popularity_bias_at_25, in table order.
const std::vector<std::string>& personalize_metric_names();

/// The whole page.
std::string render_html_report(const ReportData& data);

}  // namespace edgerec::report
