// Automatic training on a schedule (see auto_training.h).
#include "control/auto_training.h"

#include <algorithm>

#include "edgerec/json.h"
#include "train/solution_writer.h"

namespace edgerec::control {

Result<int> parse_scheduling_expression(std::string_view expression, std::string_view field) {
  const auto refuse = [&] {
    return invalid_input(std::string(field) + ": " + std::string(expression) +
                         " is not a rate expression: rate(N days) with N from 1 to 30, e.g. rate(7 days)");
  };
  constexpr std::string_view kOpen = "rate(";
  if (expression.size() > 16 || expression.substr(0, kOpen.size()) != kOpen) return refuse();
  size_t i = kOpen.size();
  int days = 0;
  const size_t digits_start = i;
  while (i < expression.size() && expression[i] >= '0' && expression[i] <= '9' && i - digits_start < 3) {
    days = days * 10 + (expression[i] - '0');
    ++i;
  }
  if (i == digits_start) return refuse();
  const std::string_view unit = expression.substr(i);
  if (unit != " day)" && unit != " days)") return refuse();
  if (days < 1 || days > 30) return refuse();
  return days;
}

Result<int> auto_training_days(const SolutionRecord& solution) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue config, parse_json(solution.solution_config, "solutionConfig"));
  const JsonValue* auto_training = config.is_object() ? config.find("autoTrainingConfig") : nullptr;
  const JsonValue* expression =
      auto_training != nullptr && auto_training->is_object() ? auto_training->find("schedulingExpression") : nullptr;
  if (expression == nullptr || expression->is_null()) return kDefaultAutoTrainingDays;
  if (!expression->is_string()) {
    return invalid_input("solutionConfig.autoTrainingConfig.schedulingExpression: must be a string such as rate(7 days)");
  }
  return parse_scheduling_expression(expression->as_string(), "solutionConfig.autoTrainingConfig.schedulingExpression");
}

namespace {

// When the newest version created since automatic training was turned on was created; -1: none.
int64_t newest_version_since(const SolutionRecord& solution, const std::vector<SolutionVersionRecord>& versions) {
  int64_t newest = -1;
  for (const SolutionVersionRecord& v : versions) {
    if (v.created_at >= solution.auto_training_since) newest = std::max(newest, v.created_at);
  }
  return newest;
}

// When the next automatic version is due, from the newest version since automatic training was
// turned on (-1: none).
int64_t due_after(const SolutionRecord& solution, int days, int64_t newest) {
  if (newest < 0) return solution.auto_training_since + kFirstAutoTrainingDelaySeconds;
  return newest + static_cast<int64_t>(days) * 86400;
}

}  // namespace

int64_t next_automatic_training(const SolutionRecord& solution, int days, const std::vector<SolutionVersionRecord>& versions) {
  return due_after(solution, days, newest_version_since(solution, versions));
}

Result<std::vector<PendingJob>> record_due_automatic_versions(DatasetGroup& group, int64_t now) {
  std::vector<PendingJob> recorded;
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionRecord> solutions, list_solutions(group));
  for (const SolutionRecord& solution : solutions) {
    if (!solution.perform_auto_training || solution.implicit) continue;
    EDGEREC_ASSIGN_OR_RETURN(const int days, auto_training_days(solution));
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionVersionRecord> versions, list_solution_versions(group, solution.name));
    const int64_t newest = newest_version_since(solution, versions);
    if (due_after(solution, days, newest) > now) continue;
    const std::string id = new_solution_version_id();
    // Not recorded when a version newer than the one this was due after exists by now (another
    // server recorded it first, or someone created one), or a version is still training.
    const int64_t none_since = newest < 0 ? solution.auto_training_since : newest + 1;
    EDGEREC_ASSIGN_OR_RETURN(const bool inserted, insert_automatic_solution_version(group, solution, id, none_since));
    if (inserted) recorded.push_back(PendingJob{group.dir(), JobKind::kSolutionVersion, id, now});
  }
  return recorded;
}

}  // namespace edgerec::control
