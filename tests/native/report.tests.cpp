// `edgerec report`: the HTML page (escaping, missing metrics, chart marks) rendered from rows
// built in memory, and the command on real dataset groups (damaged files, errors, atomic write).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "report/html_report.h"
#include "report/report_data.h"
#include "report/svg_chart.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::report::ReportData;
using edgerec::report::VersionRow;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// The markup of the chart whose data-metric is `metric`.
std::string chart(const std::string& html, const std::string& metric) {
  const size_t at = html.find("data-metric=\"" + metric + "\" data-series-count");
  REQUIRE(at != std::string::npos);
  const size_t start = html.rfind("<svg", at);
  return html.substr(start, html.find("</svg>", at) + 6 - start);
}

VersionRow full_row(const std::string& id, double scale) {
  VersionRow row;
  row.id = id;
  row.recipe = "user-personalization";
  row.status = "ACTIVE";
  row.created_at = 1700000000;
  row.training_mode = "FULL";
  row.training_seconds = 1.5 * scale;
  row.hyperparameters = {{"factors", "8"}, {"iterations", "2"}};
  for (const std::string& name : edgerec::report::personalize_metric_names()) row.metrics[name] = 0.1 * scale;
  return row;
}

}  // namespace

TEST_CASE("report: escape_html replaces the five special characters", "[report]") {
  CHECK(edgerec::report::escape_html(R"(<a href="x">Tom & 'Jerry'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(edgerec::report::escape_html("plain ü") == "plain ü");
  CHECK(edgerec::report::escape_html(std::string("a\x01z")) == "a\xEF\xBF\xBDz");
}

TEST_CASE("report: ids and recipe names are escaped everywhere", "[report]") {
  ReportData data;
  data.group_dir = "shop<&>";
  VersionRow row = full_row("sv-<img src=x onerror=alert(1)>", 1);
  row.recipe = "\"><script>alert('r')</script>";
  row.hyperparameters = {{"k<", "v\"'"}};
  row.problems = {"CorruptData: <b>bad</b>"};
  data.versions.push_back(row);
  const std::string html = edgerec::report::render_html_report(data);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("shop<&>") == std::string::npos);
  CHECK(html.find("sv-&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;script&gt;alert(&#39;r&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("k&lt;=v&quot;&#39;") != std::string::npos);
  CHECK(html.find("shop&lt;&amp;&gt;") != std::string::npos);
}

TEST_CASE("report: chart marks are versions x points, bars one per version", "[report]") {
  ReportData data;
  data.group_dir = "g";
  for (int i = 0; i < 3; ++i) data.versions.push_back(full_row("sv-" + std::to_string(i), i + 1));
  const std::string html = edgerec::report::render_html_report(data);
  for (const char* family : {"normalized_discounted_cumulative_gain", "precision", "recall"}) {
    INFO(family);
    const std::string svg = chart(html, family);
    CHECK(count(svg, "<circle class=\"mark\"") == 3 * 3);
    CHECK(count(svg, "<path class=\"line\"") == 3);
    CHECK(count(svg, "class=\"legend-entry\"") == 3);
    CHECK(svg.find("data-empty=\"false\"") != std::string::npos);
    CHECK(svg.find("no-data") == std::string::npos);
  }
  for (const char* metric : {"coverage", "mean_reciprocal_rank_at_25", "popularity_bias_at_25", "training_seconds"}) {
    INFO(metric);
    const std::string svg = chart(html, metric);
    CHECK(count(svg, "<rect class=\"mark\"") == 3);
    CHECK(count(svg, "class=\"legend-entry\"") == 3);
  }
  CHECK(count(html, "<svg") == 7);
  CHECK(count(html, "<tr class=\"version\"") == 3);
  // The best value of a ranked metric is bold; popularity bias is not ranked.
  CHECK(count(html, "class=\"num best\"") == edgerec::report::personalize_metric_names().size() - 1);
  // Self-contained: nothing is fetched.
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
  CHECK(html.find("https://") == std::string::npos);
}

TEST_CASE("report: missing metrics read as a dash, a chart without data says so", "[report]") {
  ReportData data;
  data.group_dir = "g";
  VersionRow today;  // what solutions carried before Personalize's metrics
  today.id = "sv-old";
  today.recipe = "user-personalization";
  today.status = "ACTIVE";
  today.metrics = {{"validation_ndcg_at_10", 0.25}};
  data.versions.push_back(today);
  VersionRow partial = today;
  partial.id = "sv-partial";
  partial.metrics = {{"normalized_discounted_cumulative_gain_at_5", 0.3}, {"recall_at_25", 0.5}};
  partial.training_seconds = 0.25;
  data.versions.push_back(partial);
  const std::string html = edgerec::report::render_html_report(data);

  // Every Personalize metric has a column; each row lacks most of them.
  for (const std::string& name : edgerec::report::personalize_metric_names()) {
    CHECK(count(html, "<th class=\"num\" data-metric=\"" + name + "\"") == 1);
  }
  // Other metrics are listed under their version, not as columns.
  CHECK(html.find("<th class=\"num\" data-metric=\"validation_ndcg_at_10\"") == std::string::npos);
  CHECK(count(html, "class=\"num missing\"") == 12 + 1 + 10);  // metrics, training time
  CHECK(count(html, "Other metrics: <code data-metric=\"validation_ndcg_at_10\" data-value=\"0.25\">"
                    "validation_ndcg_at_10=0.25</code>") == 1);

  const std::string precision = chart(html, "precision");
  CHECK(precision.find("data-empty=\"true\"") != std::string::npos);
  CHECK(precision.find("class=\"no-data\"") != std::string::npos);
  CHECK(count(precision, "class=\"mark\"") == 0);
  const std::string ndcg = chart(html, "normalized_discounted_cumulative_gain");
  CHECK(count(ndcg, "<circle class=\"mark\"") == 1);
  CHECK(ndcg.find("(no data)") != std::string::npos);  // sv-old's legend entry
  CHECK(count(chart(html, "recall"), "<circle class=\"mark\"") == 1);
  CHECK(chart(html, "coverage").find("class=\"no-data\"") != std::string::npos);
  const std::string time = chart(html, "training_seconds");
  CHECK(count(time, "<rect class=\"mark\"") == 1);
  CHECK(count(time, "class=\"missing\"") == 1);
}

TEST_CASE("report: the table holds metrics, the rest of a version is in a details row under it", "[report]") {
  ReportData data;
  data.group_dir = "g";
  VersionRow row = full_row("sv-1", 1);
  row.solution_config = {{"eventType", "rating"}};
  data.versions.push_back(row);
  const std::string html = edgerec::report::render_html_report(data);
  const size_t version = html.find("<tr class=\"version\"");
  const size_t details = html.find("<tr class=\"details\" data-series=\"sv-1\"><td colspan=\"15\">");
  REQUIRE(version != std::string::npos);
  REQUIRE(details != std::string::npos);
  const std::string version_row = html.substr(version, details - version);
  for (const char* moved : {"factors=8", "eventType=rating", "ACTIVE", "2023-11-14 22:13:20", "FULL"}) {
    INFO(moved);
    CHECK(version_row.find(moved) == std::string::npos);
    CHECK(html.find(moved, details) < html.find("</tbody>", details));
  }
  // Families share a heading over their cut-offs.
  CHECK(count(html, "<th class=\"family\" colspan=\"3\"") == 3);
  CHECK(count(html, ">@10</th>") == 3);
}

TEST_CASE("report: a line that lies on an earlier one is dashed, ringed and named in the legend", "[report]") {
  ReportData data;
  data.group_dir = "g";
  data.versions = {full_row("sv-a", 1), full_row("sv-b", 2), full_row("sv-a2", 1), full_row("sv-a3", 1)};
  data.versions[3].metrics["recall_at_5"] += 1e-9;  // equal to the eye, not in value
  const std::string html = edgerec::report::render_html_report(data);
  const std::string ndcg = chart(html, "normalized_discounted_cumulative_gain");
  CHECK(count(ndcg, "data-coincides-with=\"sv-a\"") == 2);
  CHECK(ndcg.find("data-coincides-with=\"sv-b\"") == std::string::npos);
  // A group of three: each draws a 5-px dash in its own slot of 15; rings grow outwards.
  CHECK(ndcg.find("stroke-dasharray=\"5.00 10.00\" stroke-dashoffset=\"10.00\"") != std::string::npos);
  CHECK(ndcg.find("stroke-dasharray=\"5.00 10.00\" stroke-dashoffset=\"5.00\"") != std::string::npos);
  CHECK(count(ndcg, "r=\"7.00\" fill=\"none\"") == 3);
  CHECK(count(ndcg, "r=\"10.00\" fill=\"none\"") == 3);
  CHECK(ndcg.find("v3 · user-personalization · sv-a2 (same values as v1)") != std::string::npos);
  CHECK(ndcg.find("v4 · user-personalization · sv-a3 (same values as v1)") != std::string::npos);
  CHECK(chart(html, "recall").find("sv-a3 (overlaps v1)") != std::string::npos);
  // Bars never overlap: nothing to say there.
  CHECK(chart(html, "coverage").find("same values") == std::string::npos);

  // 100 identical versions (retrained on the same data): rings stop growing at 16 px, so they
  // stay around the point instead of covering the chart.
  ReportData many;
  many.group_dir = "g";
  for (int i = 0; i < 100; ++i) many.versions.push_back(full_row("sv-" + std::to_string(i), 1));
  const std::string crowded = chart(edgerec::report::render_html_report(many), "normalized_discounted_cumulative_gain");
  CHECK(count(crowded, "data-coincides-with=\"sv-0\"") == 99);
  CHECK(count(crowded, "r=\"16.00\" fill=\"none\"") == 96 * 3);
  CHECK(crowded.find("r=\"19.00\"") == std::string::npos);
}

TEST_CASE("report: a group without versions gets a page that says so", "[report]") {
  ReportData data;
  data.group_dir = "empty";
  const std::string html = edgerec::report::render_html_report(data);
  CHECK(html.find("id=\"no-versions\"") != std::string::npos);
  CHECK(html.find("<svg") == std::string::npos);
  CHECK(html.find("<table") == std::string::npos);
}

TEST_CASE("report: read_solution_metadata reads recipe, mode, time and metrics from the file", "[report]") {
  const std::vector<uint8_t> bytes = edgerec::testing::make_popularity_solution({5, 3, 1}, 10);
  VersionRow row;
  REQUIRE(edgerec::report::read_solution_metadata(bytes, row).ok());
  CHECK(row.recipe == "popularity-count");
  CHECK(row.training_mode == std::optional<std::string>("FULL"));
  CHECK(row.training_seconds.has_value());
  std::vector<uint8_t> damaged = bytes;
  damaged[damaged.size() / 2] ^= 0xFF;
  VersionRow bad;
  CHECK_FALSE(edgerec::report::read_solution_metadata(damaged, bad).ok());
  CHECK_FALSE(bad.training_seconds.has_value());
}

TEST_CASE("report command: versions of a group, a damaged and a missing file, errors", "[report][cli]") {
  TempDir dir;
  const std::string group = dir.file("group");
  REQUIRE(run_command(kCli + " synth --users 80 --items 40 --interactions 2000 --seed 5 --output " + q(dir.file("i.csv")))
              .exit_code == 0);
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);

  // An empty group: a page saying so, exit 0.
  auto empty = run_command(kCli + " report " + q(group) + " --output " + q(dir.file("empty.html")));
  INFO(empty.err);
  REQUIRE(empty.exit_code == 0);
  CHECK(read_text_file(dir.file("empty.html")).find("id=\"no-versions\"") != std::string::npos);
  CHECK_THAT(empty.err, Catch::Contains("has no solution versions"));

  // Trained from the group's parent with a relative DIR: the stored path is relative to there.
  for (const char* recipe : {"popularity-count", "popularity-count", "user-personalization --hp iterations=2 --hp factors=4"}) {
    auto train = run_command("cd " + q(dir.path()) + " && " + kCli + " train group --quiet --recipe " + recipe);
    INFO(train.err);
    REQUIRE(train.exit_code == 0);
  }
  auto data = edgerec::report::collect_report_data(group);
  REQUIRE(data.ok());
  REQUIRE(data->versions.size() == 3);
  for (const VersionRow& row : data->versions) {
    INFO(row.id);
    CHECK(row.problems.empty());
    CHECK(row.training_seconds.has_value());
    CHECK(row.training_mode == std::optional<std::string>("FULL"));
  }
  // Versions trained in the same second are ordered by id, so find the one with hyperparameters.
  const auto up = std::find_if(data->versions.begin(), data->versions.end(),
                               [](const VersionRow& row) { return row.recipe == "user-personalization"; });
  REQUIRE(up != data->versions.end());
  CHECK_FALSE(up->hyperparameters.empty());

  // Damage the first file, remove the second.
  const std::string damaged = data->versions[0].path;
  std::string bytes = read_text_file(damaged);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
  std::ofstream(damaged, std::ios::binary | std::ios::trunc) << bytes;
  std::filesystem::remove(data->versions[1].path);

  const std::string out = dir.file("report.html");
  auto report = run_command(kCli + " report " + q(group) + " --output " + q(out));
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  CHECK_THAT(report.err, Catch::Contains("3 solution versions, 2 with problems"));
  CHECK_THAT(report.err, Catch::Contains(data->versions[0].id));
  const std::string html = read_text_file(out);
  CHECK(count(html, "<tr class=\"version problem\"") == 2);
  CHECK(count(html, "<tr class=\"version\"") == 1);
  CHECK(html.find("id=\"problems\"") != std::string::npos);
  CHECK(html.find("CorruptData: ") != std::string::npos);
  CHECK(html.find("NotFound: cannot open ") != std::string::npos);
  // Only the readable version has a training time.
  CHECK(count(chart(html, "training_seconds"), "<rect class=\"mark\"") == 1);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }

  // Not a group: the error names DIR and nothing is written.
  auto not_group = run_command(kCli + " report " + q(dir.file("nowhere")) + " --output " + q(dir.file("x.html")));
  CHECK(not_group.exit_code == 1);
  CHECK_THAT(not_group.err, Catch::StartsWith("edgerec report: NotFound: " + dir.file("nowhere") + ": not a dataset group"));
  CHECK_FALSE(std::filesystem::exists(dir.file("x.html")));

  // An output that cannot be written: the error names it, and no partial file remains.
  const std::string unwritable = dir.file("no-such-dir/report.html");
  auto bad_output = run_command(kCli + " report " + q(group) + " --output " + q(unwritable));
  CHECK(bad_output.exit_code == 1);
  CHECK_THAT(bad_output.err, Catch::Contains("cannot write the report to " + unwritable));
  auto to_directory = run_command(kCli + " report " + q(group) + " --output " + q(dir.path()));
  CHECK(to_directory.exit_code == 1);
  CHECK_THAT(to_directory.err, Catch::Contains(dir.path() + ": it is a directory"));

  // Usage errors.
  CHECK(run_command(kCli + " report " + q(group)).exit_code == 2);
  CHECK(run_command(kCli + " report --output " + q(out)).exit_code == 2);
  CHECK(run_command(kCli + " report " + q(group) + " " + q(group) + " --output " + q(out)).exit_code == 2);
}
