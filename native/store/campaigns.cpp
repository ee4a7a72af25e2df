// Campaigns in the group's store (see campaigns.h).
#include "store/campaigns.h"

#include <filesystem>

#include "edgerec/runtime.h"
#include "io/file_io.h"
#include "store/home_names.h"

namespace edgerec {
namespace {

constexpr const char* kColumns =
    "name, solution_version_id, min_provisioned_tps, campaign_config, status, failure_reason, created_at, updated_at";

CampaignRecord read_row(const sql::Statement& row) {
  CampaignRecord c;
  c.name = row.column_text(0);
  c.solution_version_id = row.column_text(1);
  c.min_provisioned_tps = row.column_int(2);
  c.campaign_config = row.column_text(3);
  c.status = row.column_text(4);
  if (!row.column_is_null(5)) c.failure_reason = row.column_text(5);
  c.created_at = row.column_int(6);
  c.updated_at = row.column_int(7);
  return c;
}

void bind_row(sql::Statement& s, const CampaignRecord& c) {
  s.bind_text(1, c.name);
  s.bind_text(2, c.solution_version_id);
  s.bind_int(3, c.min_provisioned_tps);
  s.bind_text(4, c.campaign_config);
  s.bind_text(5, c.status);
  s.bind_optional_text(6, c.failure_reason);
  s.bind_int(7, c.created_at);
  s.bind_int(8, c.updated_at);
}

}  // namespace

bool CampaignRecord::syncs_with_latest() const {
  auto config = parse_json(campaign_config, "campaignConfig");
  if (!config.ok() || !config->is_object()) return false;
  const JsonValue* sync = config->find("syncWithLatestSolutionVersion");
  return sync != nullptr && ((sync->is_bool() && sync->as_bool()) || (sync->is_string() && sync->as_string() == "true"));
}

Result<std::string> latest_solution_version(DatasetGroup& group) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT solution_version_id FROM solution_versions "
                                                                 "WHERE status = 'ACTIVE' ORDER BY sequence DESC "
                                                                 "LIMIT 1"));
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return not_found(group.dir() + ": the dataset group has no solution version yet; train one first");
  return s.column_text(0);
}

Result<std::string> solution_version_path(DatasetGroup& group, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT path, status FROM solution_versions WHERE "
                                                                 "solution_version_id = ?"));
  s.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return not_found("solution version " + id + " is not in dataset group " + group.dir());
  if (s.column_text(1) != "ACTIVE") {
    return failed_precondition("solution version " + id + " is " + s.column_text(1) + ", not ACTIVE");
  }
  // A path recorded relative to another working directory (before they were absolute), or a
  // group moved since: the file is still in the group's solutions/ folder.
  const std::string recorded = s.column_text(0);
  std::error_code ec;
  if (std::filesystem::exists(recorded, ec)) return recorded;
  const std::string beside = group.dir() + "/solutions/" + std::filesystem::path(recorded).filename().string();
  return std::filesystem::exists(beside, ec) ? beside : recorded;
}

Result<std::string> solution_version_arn(DatasetGroup& group, const HomeIdentity& identity, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT coalesce(solution_name, recipe) FROM solution_versions WHERE "
                                                                 "solution_version_id = ?"));
  s.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return not_found("solution version " + id + " is not in dataset group " + group.dir());
  return arn(identity, "solution/" + s.column_text(0) + "/" + id);
}

Result<std::string> check_deployable(DatasetGroup& group, const std::string& id, const std::string& campaign_config) {
  std::string version = id;
  if (version == "latest") {
    EDGEREC_ASSIGN_OR_RETURN(version, latest_solution_version(group));
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, solution_version_path(group, version));
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  auto runtime = Runtime::load(bytes.data(), bytes.size());
  if (!runtime.ok()) return runtime.status().with_context(path);
  if (Status s = (*runtime)->set_campaign_config_json(campaign_config); !s.ok()) return s.with_context("campaignConfig");
  return version;
}

Status insert_campaign(DatasetGroup& group, const CampaignRecord& campaign) {
  EDGEREC_RETURN_IF_ERROR(check_resource_name(campaign.name, "campaign name"));
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim, claim_name_in_home(group, "campaigns", campaign.name, "campaign"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<CampaignRecord> existing, find_campaign(group, campaign.name));
  if (existing) return already_exists("campaign " + campaign.name + " already exists in " + group.dir());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string("INSERT INTO campaigns(") + kColumns +
                                                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  bind_row(s, campaign);
  return s.run();
}

Status update_campaign(DatasetGroup& group, const CampaignRecord& campaign) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare(std::string("REPLACE INTO campaigns(") + kColumns +
                                              ") SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM campaigns "
                                              "WHERE name = ?1)"));
  bind_row(s, campaign);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) return not_found("campaign " + campaign.name + " does not exist in " + group.dir());
  return Status::ok_status();
}

Status delete_campaign(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("DELETE FROM campaigns WHERE name = ?"));
  s.bind_text(1, name);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) return not_found("campaign " + name + " does not exist in " + group.dir());
  return Status::ok_status();
}

Result<std::optional<CampaignRecord>> find_campaign(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare(std::string("SELECT ") + kColumns + " FROM campaigns WHERE name = ?"));
  s.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return std::optional<CampaignRecord>();
  return std::optional<CampaignRecord>(read_row(s));
}

Result<std::vector<CampaignRecord>> list_campaigns(DatasetGroup& group) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare(std::string("SELECT ") + kColumns + " FROM campaigns ORDER BY name"));
  std::vector<CampaignRecord> out;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    out.push_back(read_row(s));
  }
  return out;
}

void write_campaign_json(JsonWriter& w, const HomeIdentity& identity, const std::string& solution_version_arn,
                         const CampaignRecord& c, bool summary) {
  w.begin_object();
  w.key("name");
  w.string(c.name);
  w.key("campaignArn");
  w.string(arn(identity, "campaign/" + c.name));
  if (!summary) {
    w.key("solutionVersionArn");
    w.string(solution_version_arn);
    w.key("minProvisionedTPS");
    w.integer(c.min_provisioned_tps);
    w.key("campaignConfig");
    w.raw(c.campaign_config);  // checked JSON (check_deployable parsed it)
  }
  w.key("status");
  w.string(c.status);
  if (c.failure_reason) {
    w.key("failureReason");
    w.string(*c.failure_reason);
  }
  w.key("creationDateTime");
  w.integer(c.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(c.updated_at);
  w.end_object();
}

}  // namespace edgerec
