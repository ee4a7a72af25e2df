// Gathering a dataset group's solution versions for `edgerec report`.
#include "report/report_data.h"

#include <ctime>
#include <filesystem>

#include "edgerec/json.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "io/file_io.h"
#include "store/dataset_group.h"

namespace edgerec::report {
namespace {

// The group stores the path as the trainer saw it, which is relative to the trainer's working
// directory when the group was named by a relative DIR. Every version lives in DIR/solutions/,
// so when the stored path does not resolve from here, look there (and name that place when the
// file is in neither).
std::string resolve_solution_path(const std::string& dir, const std::string& stored) {
  std::error_code ec;
  if (std::filesystem::exists(stored, ec)) return stored;
  const std::string in_group = dir + "/solutions/" + std::filesystem::path(stored).filename().string();
  if (std::filesystem::exists(in_group, ec) || std::filesystem::path(stored).is_relative()) return in_group;
  return stored;
}

std::vector<std::pair<std::string, std::string>> key_values(
    const flatbuffers::Vector<flatbuffers::Offset<fb::KeyValue>>* entries) {
  std::vector<std::pair<std::string, std::string>> out;
  if (entries == nullptr) return out;
  for (const fb::KeyValue* kv : *entries) {
    out.emplace_back(kv->key()->str(), kv->value() != nullptr ? kv->value()->str() : std::string());
  }
  return out;
}

// The metrics column holds a JSON object of numbers; anything else is reported, not fatal.
Status parse_metrics_column(const std::string& text, std::map<std::string, double>& metrics) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue parsed, parse_json(text, "metrics column"));
  if (!parsed.is_object()) return corrupt_data("metrics column is not a JSON object");
  for (const auto& [name, value] : parsed.members()) {
    if (value.is_number()) metrics[name] = value.as_number();
  }
  return Status::ok_status();
}

}  // namespace

std::optional<double> VersionRow::metric(const std::string& name) const {
  const auto it = metrics.find(name);
  if (it == metrics.end()) return std::nullopt;
  return it->second;
}

Status read_solution_metadata(const std::vector<uint8_t>& bytes, VersionRow& row) {
  EDGEREC_ASSIGN_OR_RETURN(const std::shared_ptr<const Solution> solution, Solution::load(bytes.data(), bytes.size()));
  const fb::SolutionMetadata& m = *solution->root().metadata();
  row.recipe = m.recipe()->str();
  row.training_mode = fb::EnumNameTrainingMode(m.training_mode());
  row.training_seconds = m.training_seconds();
  row.hyperparameters = key_values(m.hyperparameters());
  row.solution_config = key_values(m.solution_config());
  if (m.metrics() != nullptr) {
    for (const fb::Metric* metric : *m.metrics()) row.metrics[metric->name()->str()] = metric->value();
  }
  return Status::ok_status();
}

Result<ReportData> collect_report_data(const std::string& dir) {
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(dir));
  ReportData data;
  data.group_dir = dir;
  data.generated_at = static_cast<int64_t>(std::time(nullptr));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement versions,
                           group.db().prepare("SELECT solution_version_id, recipe, path, status, created_at, metrics "
                                              "FROM solution_versions ORDER BY created_at, solution_version_id"));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool more, versions.step());
    if (!more) break;
    VersionRow row;
    row.id = versions.column_text(0);
    row.recipe = versions.column_text(1);
    row.status = versions.column_text(3);
    row.created_at = versions.column_int(4);
    if (!versions.column_is_null(5)) {
      if (Status s = parse_metrics_column(versions.column_text(5), row.metrics); !s.ok()) {
        row.problems.push_back(s.message());
      }
    }
    row.path = resolve_solution_path(dir, versions.column_text(2));
    auto bytes = read_file(row.path);
    Status read = bytes.ok() ? read_solution_metadata(*bytes, row).with_context(row.path) : bytes.status();
    if (!read.ok()) row.problems.push_back(std::string(status_code_name(read.code())) + ": " + read.message());
    data.versions.push_back(std::move(row));
  }
  return data;
}

}  // namespace edgerec::report
