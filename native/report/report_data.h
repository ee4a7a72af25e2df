// What `edgerec report` shows about a dataset group: one row per solution version, gathered from
// the group's solution_versions table and each version's .erec metadata.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edgerec/status.h"

namespace edgerec::report {

/// One solution version. Fields read from the .erec file are empty when the file could not be
/// read; `problems` then says why, and the row keeps what the group's table knows.
struct VersionRow {
  std::string id;
  std::string recipe;
  std::string status;
  std::string path;  ///< the file read, or where it was expected when it is missing
  int64_t created_at = 0;
  /// Metric name -> value: the group's `metrics` column, overlaid by the file's own metadata
  /// (the file is what is served, the column a copy of it).
  std::map<std::string, double> metrics;
  std::optional<std::string> training_mode;  ///< FULL | UPDATE
  std::optional<double> training_seconds;
  std::vector<std::pair<std::string, std::string>> hyperparameters;
  std::vector<std::pair<std::string, std::string>> solution_config;
  /// Why part of the row is missing, e.g. "cannot open ...: No such file or directory".
  std::vector<std::string> problems;

  std::optional<double> metric(const std::string& name) const;
};

struct ReportData {
  std::string group_dir;
  int64_t generated_at = 0;  ///< epoch seconds
  std::vector<VersionRow> versions;  ///< oldest first, as `edgerec describe` lists them
};

/// Reads every solution version of the group at `dir`. Fails only when the group itself cannot
/// be read (not a group, damaged database); a missing or damaged .erec is a row problem.
Result<ReportData> collect_report_data(const std::string& dir);

/// Fills the file-derived fields of `row` from .erec bytes (recipe, mode, training time,
/// hyperparameters, metrics). Errors are returned, not recorded; the caller names the file.
Status read_solution_metadata(const std::vector<uint8_t>& bytes, VersionRow& row);

}  // namespace edgerec::report
