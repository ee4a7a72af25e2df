// `edgerec report DIR --output FILE.html`: one self-contained HTML page comparing the dataset
// group's solution versions (table of every metric, SVG charts; see report/html_report.h).
//
// A group without solution versions still gets a page that says so (exit 0): the report answers
// "what has been trained here", and "nothing yet" is an answer, as `edgerec describe` gives it.
// A version whose file is missing or damaged is shown with its error, also exit 0, and warned
// about on stderr. The page is written atomically: a failed run leaves no partial file.
#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "io/file_io.h"
#include "report/html_report.h"
#include "report/report_data.h"

namespace edgerec::cli {
namespace {

constexpr const char* kName = "report";

int report_command(const Args& args) {
  const std::string& dir = args.positional()[0];
  const std::string& output = args.value("output");
  std::error_code ec;
  if (std::filesystem::is_directory(output, ec)) {
    return report_failure(kName, io_error("cannot write the report to " + output + ": it is a directory"));
  }

  auto data = report::collect_report_data(dir);
  if (!data.ok()) return report_failure(kName, data.status());
  const std::string html = report::render_html_report(*data);
  if (Status s = write_file_atomically(output, std::vector<uint8_t>(html.begin(), html.end())); !s.ok()) {
    return report_failure(kName, Status(s.code(), "cannot write the report to " + output + ": " + s.message()));
  }

  size_t with_problems = 0;
  for (size_t i = 0; i < data->versions.size(); ++i) {
    const report::VersionRow& row = data->versions[i];
    if (!row.problems.empty()) ++with_problems;
    for (const std::string& p : row.problems) {
      std::fprintf(stderr, "edgerec %s: warning: solution version %s: %s\n", kName, row.id.c_str(), p.c_str());
    }
  }
  if (data->versions.empty()) {
    std::fprintf(stderr, "edgerec %s: warning: %s has no solution versions; the report says so\n", kName, dir.c_str());
  }
  std::fprintf(stderr, "edgerec %s: wrote %s (%zu solution version%s", kName, output.c_str(), data->versions.size(),
               data->versions.size() == 1 ? "" : "s");
  if (with_problems > 0) std::fprintf(stderr, ", %zu with problems", with_problems);
  std::fprintf(stderr, ")\n");
  return 0;
}

CommandSpec report_spec() {
  CommandSpec spec;
  spec.name = kName;
  spec.summary = "an HTML page comparing a dataset group's solution versions: metrics table and charts";
  spec.order = 54;
  spec.usage = {"edgerec report DIR --output FILE.html"};
  spec.description =
      "Writes one self-contained HTML page (nothing to fetch) comparing the group's solution versions:\n"
      "a table of every metric and SVG charts. A group without versions gets a page that says so; a\n"
      "version whose file is missing or damaged is listed with its error. The page is written\n"
      "atomically.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {path_flag("output", "FILE.html", "where to write the page").required()};
  spec.examples = {"edgerec report shop --output report.html"};
  spec.run = report_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(report_spec);

}  // namespace edgerec::cli
