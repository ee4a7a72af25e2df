// Solutions and solution versions in the group's store (see solutions.h).
#include "store/solutions.h"

#include <algorithm>
#include <filesystem>

#include "store/arns.h"
#include "store/home_names.h"

namespace edgerec {
namespace {

constexpr const char* kSolutionSelect =
    "SELECT name, recipe, perform_hpo, perform_auto_ml, event_type, solution_config, created_at, updated_at, "
    "perform_auto_training, auto_training_since, solution_updated_at FROM solutions";

SolutionRecord read_solution(const sql::Statement& s) {
  SolutionRecord r;
  r.name = s.column_text(0);
  r.recipe = s.column_text(1);
  r.perform_hpo = s.column_int(2) != 0;
  r.perform_auto_ml = s.column_int(3) != 0;
  if (!s.column_is_null(4)) r.event_type = s.column_text(4);
  r.solution_config = s.column_text(5);
  r.created_at = s.column_int(6);
  r.updated_at = s.column_int(7);
  r.perform_auto_training = s.column_int(8) != 0;
  r.auto_training_since = s.column_int(9);
  if (!s.column_is_null(10)) r.solution_updated_at = s.column_int(10);
  return r;
}

// Versions `edgerec train DIR` recorded have no solution: theirs is their recipe's.
constexpr const char* kImplicitSelect =
    "SELECT recipe, min(created_at), max(coalesce(updated_at, created_at)) FROM solution_versions "
    "WHERE solution_name IS NULL";

SolutionRecord read_implicit(const sql::Statement& s) {
  SolutionRecord r;
  r.name = s.column_text(0);
  r.recipe = r.name;
  r.perform_auto_ml = r.recipe == "auto";
  r.created_at = s.column_int(1);
  r.updated_at = s.column_int(2);
  r.implicit = true;
  return r;
}

constexpr const char* kVersionSelect =
    "SELECT solution_version_id, coalesce(solution_name, recipe), recipe, path, status, training_mode, "
    "base_solution_version_id, failure_reason, progress, metrics, coalesce(pid, 0), created_at, "
    "coalesce(updated_at, created_at), training_type FROM solution_versions";

SolutionVersionRecord read_version(const sql::Statement& s) {
  SolutionVersionRecord v;
  v.id = s.column_text(0);
  v.solution = s.column_text(1);
  v.recipe = s.column_text(2);
  v.path = s.column_text(3);
  v.status = s.column_text(4);
  v.training_mode = s.column_text(5);
  if (!s.column_is_null(6)) v.base_solution_version_id = s.column_text(6);
  if (!s.column_is_null(7)) v.failure_reason = s.column_text(7);
  if (!s.column_is_null(8)) v.progress = s.column_text(8);
  if (!s.column_is_null(9)) v.metrics = s.column_text(9);
  v.pid = s.column_int(10);
  v.created_at = s.column_int(11);
  v.updated_at = s.column_int(12);
  v.training_type = s.column_text(13);
  return v;
}

// The WHERE clause that selects the versions of `solution` (an implicit one's: its recipe's
// versions without a solution name); binds it at `index`.
constexpr const char* kOfSolution = "(solution_name = ?1 OR (solution_name IS NULL AND recipe = ?1))";

Result<std::vector<SolutionVersionRecord>> versions_where(DatasetGroup& group, const std::string& where,
                                                          const std::string& solution) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kVersionSelect) + where));
  if (!solution.empty()) s.bind_text(1, solution);
  std::vector<SolutionVersionRecord> out;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    out.push_back(read_version(s));
  }
  return out;
}

bool in_progress(const std::string& status) {
  return status == "CREATE PENDING" || status == "CREATE IN_PROGRESS" || status == "CREATE STOPPING";
}

}  // namespace

Status insert_solution(DatasetGroup& group, const SolutionRecord& solution) {
  EDGEREC_RETURN_IF_ERROR(check_resource_name(solution.name, "name"));
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim, claim_name_in_home(group, "solutions", solution.name, "solution"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionRecord> existing, find_solution(group, solution.name));
  if (existing) return already_exists("solution " + solution.name + " already exists in " + group.dir());
  EDGEREC_ASSIGN_OR_RETURN(const int64_t count, group.db().query_int("SELECT count(*) FROM solutions"));
  if (count >= kMaxSolutionsPerGroup) {
    return resource_exhausted("dataset group " + group.dir() + " has " + std::to_string(count) +
                              " solutions, Amazon Personalize's quota per group; delete one first");
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare("INSERT INTO solutions(name, recipe, perform_hpo, perform_auto_ml, "
                                              "event_type, solution_config, created_at, updated_at, "
                                              "perform_auto_training, auto_training_since) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s.bind_text(1, solution.name);
  s.bind_text(2, solution.recipe);
  s.bind_int(3, solution.perform_hpo ? 1 : 0);
  s.bind_int(4, solution.perform_auto_ml ? 1 : 0);
  s.bind_optional_text(5, solution.event_type);
  s.bind_text(6, solution.solution_config);
  s.bind_int(7, solution.created_at);
  s.bind_int(8, solution.updated_at);
  s.bind_int(9, solution.perform_auto_training ? 1 : 0);
  s.bind_int(10, solution.auto_training_since);
  return s.run();
}

Status update_solution(DatasetGroup& group, const std::string& name, bool perform_auto_training,
                       const std::string& solution_config, int64_t now) {
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement s,
      group.db().prepare("UPDATE solutions SET auto_training_since = CASE WHEN ?1 != 0 AND perform_auto_training = 0 "
                         "THEN ?3 ELSE auto_training_since END, perform_auto_training = ?1, solution_config = ?2, "
                         "updated_at = ?3, solution_updated_at = ?3 WHERE name = ?4"));
  s.bind_int(1, perform_auto_training ? 1 : 0);
  s.bind_text(2, solution_config);
  s.bind_int(3, now);
  s.bind_text(4, name);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) return not_found("solution " + name + " does not exist in " + group.dir());
  return Status::ok_status();
}

Result<std::optional<SolutionRecord>> find_solution(DatasetGroup& group, const std::string& name) {
  {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSolutionSelect) + " WHERE name = ?"));
    s.bind_text(1, name);
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (row) return std::optional<SolutionRecord>(read_solution(s));
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare(std::string(kImplicitSelect) + " AND recipe = ? GROUP BY recipe"));
  s.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (row) return std::optional<SolutionRecord>(read_implicit(s));
  return std::optional<SolutionRecord>();
}

Result<std::vector<SolutionRecord>> list_solutions(DatasetGroup& group) {
  std::vector<SolutionRecord> out;
  {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSolutionSelect)));
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      out.push_back(read_solution(s));
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kImplicitSelect) + " GROUP BY recipe"));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    out.push_back(read_implicit(s));
  }
  std::sort(out.begin(), out.end(), [](const SolutionRecord& a, const SolutionRecord& b) { return a.name < b.name; });
  return out;
}

Status delete_solution(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionRecord> solution, find_solution(group, name));
  if (!solution) return not_found("solution " + name + " does not exist in " + group.dir());
  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionVersionRecord> versions,
                           versions_where(group, std::string(" WHERE ") + kOfSolution, name));
  for (const SolutionVersionRecord& v : versions) {
    if (in_progress(v.status)) {
      return failed_precondition("solution " + name + " has version " + v.id + " in " + v.status +
                                 "; stop it (StopSolutionVersionCreation) or wait for it to finish");
    }
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement used, group.db().prepare("SELECT name FROM campaigns WHERE solution_version_id = ?"));
    used.bind_text(1, v.id);
    EDGEREC_ASSIGN_OR_RETURN(const bool row, used.step());
    if (row) {
      return failed_precondition("solution " + name + " is in use: campaign " + used.column_text(0) + " serves its version " +
                                 v.id + "; delete the campaign or move it to another version first");
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement drop_versions,
                           group.db().prepare(std::string("DELETE FROM solution_versions WHERE ") + kOfSolution));
  drop_versions.bind_text(1, name);
  EDGEREC_RETURN_IF_ERROR(drop_versions.run());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement drop, group.db().prepare("DELETE FROM solutions WHERE name = ?"));
  drop.bind_text(1, name);
  EDGEREC_RETURN_IF_ERROR(drop.run());
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  // The files go once nothing refers to them; one left by a failure here is only unused space.
  for (const SolutionVersionRecord& v : versions) {
    std::error_code ignored;
    if (!v.path.empty()) std::filesystem::remove(v.path, ignored);
  }
  return Status::ok_status();
}

namespace {

// The one writer of pending versions: refuses (FailedPrecondition) while another version of the
// solution is unfinished, and, for an automatic one, when a version was created at or after
// `none_since` (it is not due any more).
Status insert_pending_version(DatasetGroup& group, const SolutionRecord& solution, const std::string& id,
                              const std::string& training_mode, const std::optional<std::string>& base_solution_version_id,
                              const std::string& training_type, std::optional<int64_t> none_since) {
  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionVersionRecord> versions,
                           versions_where(group, std::string(" WHERE ") + kOfSolution, solution.name));
  for (const SolutionVersionRecord& v : versions) {
    if (in_progress(v.status)) {
      return failed_precondition("solution " + solution.name + " already has version " + v.id + " in " + v.status +
                                 "; one version of a solution is created at a time");
    }
    if (none_since && v.created_at >= *none_since) {
      return failed_precondition("solution " + solution.name + " has version " + v.id + " since its automatic training was due");
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare("INSERT INTO solution_versions(solution_version_id, recipe, path, status, "
                                              "created_at, updated_at, training_mode, base_solution_version_id, "
                                              "solution_name, sequence, training_type) VALUES (?, ?, '', 'CREATE PENDING', "
                                              "?, ?, ?, ?, ?, (SELECT coalesce(max(sequence), 0) + 1 FROM "
                                              "solution_versions), ?)"));
  const int64_t now = unix_now();
  s.bind_text(1, id);
  s.bind_text(2, solution.recipe);
  s.bind_int(3, now);
  s.bind_int(4, now);
  s.bind_text(5, training_mode);
  s.bind_optional_text(6, base_solution_version_id);
  if (solution.implicit) s.bind_null(7);
  else s.bind_text(7, solution.name);
  s.bind_text(8, training_type);
  EDGEREC_RETURN_IF_ERROR(s.run());
  return txn.commit();
}

}  // namespace

Status insert_pending_solution_version(DatasetGroup& group, const SolutionRecord& solution, const std::string& id,
                                       const std::string& training_mode,
                                       const std::optional<std::string>& base_solution_version_id) {
  return insert_pending_version(group, solution, id, training_mode, base_solution_version_id, "MANUAL", std::nullopt);
}

Result<bool> insert_automatic_solution_version(DatasetGroup& group, const SolutionRecord& solution, const std::string& id,
                                               int64_t none_since) {
  const Status s = insert_pending_version(group, solution, id, "FULL", std::nullopt, "AUTOMATIC", none_since);
  if (s.code() == StatusCode::kFailedPrecondition) return false;
  EDGEREC_RETURN_IF_ERROR(s);
  return true;
}

Result<std::optional<SolutionVersionRecord>> find_solution_version(DatasetGroup& group, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kVersionSelect) + " WHERE solution_version_id = ?"));
  s.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return std::optional<SolutionVersionRecord>();
  return std::optional<SolutionVersionRecord>(read_version(s));
}

Result<std::vector<SolutionVersionRecord>> list_solution_versions(DatasetGroup& group, const std::string& solution) {
  const std::string order = " ORDER BY sequence DESC";
  if (solution.empty()) return versions_where(group, order, "");
  return versions_where(group, std::string(" WHERE ") + kOfSolution + order, solution);
}

Result<std::optional<SolutionVersionRecord>> latest_active_version(DatasetGroup& group, const std::string& solution) {
  EDGEREC_ASSIGN_OR_RETURN(
      std::vector<SolutionVersionRecord> versions,
      versions_where(group, std::string(" WHERE status = 'ACTIVE' AND ") + kOfSolution + " ORDER BY sequence DESC LIMIT 1",
                     solution));
  if (versions.empty()) return std::optional<SolutionVersionRecord>();
  return std::optional<SolutionVersionRecord>(std::move(versions[0]));
}

Status transition_solution_version(DatasetGroup& group, const std::string& id, const std::vector<std::string>& from,
                                   const std::string& to, const std::optional<std::string>& failure_reason, int64_t pid) {
  std::string in;
  for (size_t i = 0; i < from.size(); ++i) in += (i ? ", ?" : "?");
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare("UPDATE solution_versions SET status = ?, updated_at = ?, "
                                              "failure_reason = coalesce(?, failure_reason), "
                                              "pid = CASE WHEN ? = 0 THEN pid ELSE ? END "
                                              "WHERE solution_version_id = ? AND status IN (" + in + ")"));
  s.bind_text(1, to);
  s.bind_int(2, unix_now());
  s.bind_optional_text(3, failure_reason);
  s.bind_int(4, pid);
  s.bind_int(5, pid);
  s.bind_text(6, id);
  for (size_t i = 0; i < from.size(); ++i) s.bind_text(static_cast<int>(7 + i), from[i]);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) {
    std::string list;
    for (const std::string& f : from) list += (list.empty() ? "" : " or ") + f;
    return failed_precondition("solution version " + id + " is not " + list);
  }
  return Status::ok_status();
}

Status record_solution_version_progress(DatasetGroup& group, const std::string& id, const std::string& line) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("UPDATE solution_versions SET progress = ?, updated_at = ? "
                                                                 "WHERE solution_version_id = ?"));
  s.bind_text(1, line);
  s.bind_int(2, unix_now());
  s.bind_text(3, id);
  return s.run();
}

}  // namespace edgerec
