// Campaigns: solution versions deployed under a name (Personalize's CreateCampaign), recorded in
// the group's store (the campaigns table, dataset_group.h) and served by `edgerec serve`.
//
// A campaign names the solution version it serves and its campaignConfig (item exploration,
// syncWithLatestSolutionVersion, ...). Creating or updating one checks that the version exists,
// loads and accepts the config, so a recorded campaign is always deployable. Status is ACTIVE
// once recorded (the check is the deployment; the server loads it when it starts or notices).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "store/arns.h"
#include "store/dataset_group.h"

namespace edgerec {

struct CampaignRecord {
  std::string name;
  std::string solution_version_id;
  int64_t min_provisioned_tps = 1;
  std::string campaign_config = "{}";  ///< Personalize's campaignConfig, as JSON
  std::string status = "ACTIVE";
  std::optional<std::string> failure_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  /// campaignConfig.syncWithLatestSolutionVersion: the server redeploys each new version.
  bool syncs_with_latest() const;
};

/// The newest ACTIVE solution version of the group (by recording order), or NotFound.
Result<std::string> latest_solution_version(DatasetGroup& group);
/// The path of solution version `id`'s file, or NotFound naming the group's versions.
Result<std::string> solution_version_path(DatasetGroup& group, const std::string& id);

/// What create/update check before recording: `id` (or "latest") resolves to a version of the
/// group whose file loads and takes `campaign_config` (JSON). Returns the resolved version id.
Result<std::string> check_deployable(DatasetGroup& group, const std::string& id, const std::string& campaign_config);

/// Records a new campaign (InvalidInput for a bad name, AlreadyExists when the group has one of
/// that name).
Status insert_campaign(DatasetGroup& group, const CampaignRecord& campaign);
/// Replaces the recorded campaign of the same name (NotFound if none).
Status update_campaign(DatasetGroup& group, const CampaignRecord& campaign);
Status delete_campaign(DatasetGroup& group, const std::string& name);
Result<std::optional<CampaignRecord>> find_campaign(DatasetGroup& group, const std::string& name);
Result<std::vector<CampaignRecord>> list_campaigns(DatasetGroup& group);

/// Personalize's Campaign object (DescribeCampaign's "campaign"): name, campaignArn,
/// solutionVersionArn, minProvisionedTPS, campaignConfig, status, failureReason, creation and
/// update times; `summary` gives ListCampaigns' shorter form.
/// `solution_version_arn` from solution_version_arn().
void write_campaign_json(JsonWriter& w, const HomeIdentity& identity, const std::string& solution_version_arn,
                         const CampaignRecord& campaign, bool summary = false);

/// A solution version's ARN, arn:...:solution/SOLUTION/ID (a version `edgerec train` recorded
/// belongs to the solution its recipe names, store/solutions.h); NotFound for an unknown id.
Result<std::string> solution_version_arn(DatasetGroup& group, const HomeIdentity& identity, const std::string& id);

}  // namespace edgerec
