// CreateCampaign, DescribeCampaign, ListCampaigns, UpdateCampaign, DeleteCampaign: campaigns
// (store/campaigns.h), checked deployable when recorded and so ACTIVE at once; `edgerec serve`
// deploys them when it next reads the store (at once when the call came through it).
#include "control/operations.h"
#include "io/json_value_writer.h"
#include "control/recipes.h"
#include "control/solution_resources.h"
#include "store/campaigns.h"

namespace edgerec::control {
namespace {

struct CampaignRef {
  DatasetGroup group;
  CampaignRecord campaign;
};

Result<CampaignRef> campaign_of_arn(const Home& home, std::string_view arn) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, home.arn_path(arn, "campaignArn", "campaign"));
  EDGEREC_ASSIGN_OR_RETURN(auto found, home.find_resource<CampaignRecord>([&](DatasetGroup& g) { return find_campaign(g, name); },
                                                                          "campaign", arn));
  return CampaignRef{std::move(found.first), std::move(found.second)};
}

Result<std::string> campaign_json(const Home& home, DatasetGroup& group, const CampaignRecord& c, bool summary) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string version_arn, edgerec::solution_version_arn(group, home.identity(), c.solution_version_id));
  JsonWriter w;
  write_campaign_json(w, home.identity(), version_arn, c, summary);
  return w.take();
}

// campaignConfig as JSON text ("{}" when absent).
Result<std::optional<std::string>> campaign_config(const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* config, r.optional_object("campaignConfig"));
  if (config == nullptr) return std::optional<std::string>();
  JsonWriter w;
  write_json_value(w, *config);
  return std::optional<std::string>(w.take());
}

}  // namespace

Result<std::string> create_campaign(Context& c, const Request& r) {
  CampaignRecord campaign;
  EDGEREC_ASSIGN_OR_RETURN(campaign.name, r.required_string("name"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(campaign.name, "name"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string version_arn, r.required_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> tps, r.optional_integer("minProvisionedTPS", 1, 100000));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> config, campaign_config(r));
  campaign.min_provisioned_tps = tps.value_or(1);
  campaign.campaign_config = config.value_or("{}");
  EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, version_arn, "solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(campaign.solution_version_id, check_deployable(ref.group, ref.version.id, campaign.campaign_config));
  campaign.created_at = campaign.updated_at = unix_now();
  EDGEREC_RETURN_IF_ERROR(insert_campaign(ref.group, campaign));
  return arn_response("campaignArn", c.home.arn("campaign/" + campaign.name));
}

Result<std::string> describe_campaign(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("campaignArn"));
  EDGEREC_ASSIGN_OR_RETURN(CampaignRef ref, campaign_of_arn(c.home, arn));
  EDGEREC_ASSIGN_OR_RETURN(const std::string json, campaign_json(c.home, ref.group, ref.campaign, false));
  return "{\"campaign\":" + json + "}";
}

Result<std::string> list_campaigns(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> solution_arn, r.optional_string("solutionArn"));
  std::optional<SolutionRef> solution;
  if (solution_arn) {
    EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, *solution_arn, "solutionArn"));
    solution.emplace(std::move(ref));
  }
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(std::nullopt, [&](DatasetGroup& g, const std::string&) -> Status {
    if (solution && g.dir() != solution->group.dir()) return Status::ok_status();
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<CampaignRecord> campaigns, edgerec::list_campaigns(g));
    for (const CampaignRecord& campaign : campaigns) {
      if (solution) {
        EDGEREC_ASSIGN_OR_RETURN(const auto v, find_solution_version(g, campaign.solution_version_id));
        if (!v || v->solution != solution->solution.name) continue;
      }
      EDGEREC_ASSIGN_OR_RETURN(std::string json, campaign_json(c.home, g, campaign, true));
      items.push_back(std::move(json));
    }
    return Status::ok_status();
  }));
  return list_response(r, "campaigns", items);
}

Result<std::string> update_campaign(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("campaignArn"));
  EDGEREC_ASSIGN_OR_RETURN(CampaignRef ref, campaign_of_arn(c.home, arn));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> version_arn, r.optional_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> tps, r.optional_integer("minProvisionedTPS", 1, 100000));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> config, campaign_config(r));
  CampaignRecord updated = ref.campaign;
  std::string version = updated.solution_version_id;
  if (version_arn) {
    EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef v, solution_version_of_arn(c.home, *version_arn, "solutionVersionArn"));
    if (v.group.dir() != ref.group.dir()) {
      return invalid_input("solution version " + *version_arn + " is of another dataset group than campaign " + arn);
    }
    version = v.version.id;
  }
  if (tps) updated.min_provisioned_tps = *tps;
  if (config) updated.campaign_config = *config;
  EDGEREC_ASSIGN_OR_RETURN(updated.solution_version_id, check_deployable(ref.group, version, updated.campaign_config));
  updated.updated_at = unix_now();
  EDGEREC_RETURN_IF_ERROR(edgerec::update_campaign(ref.group, updated));
  return arn_response("campaignArn", arn);
}

Result<std::string> delete_campaign(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("campaignArn"));
  EDGEREC_ASSIGN_OR_RETURN(CampaignRef ref, campaign_of_arn(c.home, arn));
  EDGEREC_RETURN_IF_ERROR(edgerec::delete_campaign(ref.group, ref.campaign.name));
  return std::string("{}");
}

}  // namespace edgerec::control
