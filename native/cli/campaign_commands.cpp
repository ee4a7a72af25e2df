// `edgerec create-campaign | update-campaign | describe-campaign | list-campaigns | delete-campaign`:
// Personalize's campaign calls on a dataset group's store (store/campaigns.h), printing the same
// JSON shapes as the service (CreateCampaign's {"campaignArn"}, DescribeCampaign's {"campaign"}, ...).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "store/campaigns.h"

namespace edgerec::cli {
namespace {

// The group and its home's identity (for ARNs), or a failure already reported.
struct Opened {
  DatasetGroup group;
  HomeIdentity identity;
};

Result<Opened> open_group(const Args& args) {
  const std::string& dir = args.positional()[0];
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(dir));
  EDGEREC_ASSIGN_OR_RETURN(HomeIdentity identity, home_identity_of_group(dir));
  return Opened{std::move(group), std::move(identity)};
}

Result<std::string> campaign_json(Opened& o, const CampaignRecord& c, bool summary) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string version_arn, solution_version_arn(o.group, o.identity, c.solution_version_id));
  JsonWriter w;
  write_campaign_json(w, o.identity, version_arn, c, summary);
  return w.take();
}

int print_campaign(const char* command, Opened& o, const std::string& name) {
  auto found = find_campaign(o.group, name);
  if (!found.ok()) return report_failure(command, found.status());
  if (!*found) return report_failure(command, not_found("campaign " + name + " does not exist in " + o.group.dir()));
  auto json = campaign_json(o, **found, false);
  if (!json.ok()) return report_failure(command, json.status());
  std::printf("{\"campaign\":%s}\n", json->c_str());
  return 0;
}

int create_campaign_command(const Args& args) {
  constexpr const char* kName = "create-campaign";
  auto opened = open_group(args);
  if (!opened.ok()) return report_failure(kName, opened.status());
  CampaignRecord c;
  c.name = args.value("name");
  c.campaign_config = args.get("campaign-config").value_or("{}");
  auto tps = args.get_int("min-provisioned-tps", 1, 1, 100000);
  if (!tps.ok()) return report_failure(kName, tps.status(), true);
  c.min_provisioned_tps = *tps;
  if (Status s = check_resource_name(c.name, "--name"); !s.ok()) return report_failure(kName, s, true);
  auto version = check_deployable(opened->group, args.value("solution-version"), c.campaign_config);
  if (!version.ok()) return report_failure(kName, version.status());
  c.solution_version_id = *version;
  c.created_at = c.updated_at = unix_now();
  if (Status s = insert_campaign(opened->group, c); !s.ok()) return report_failure(kName, s);
  std::printf("{\"campaignArn\":\"%s\"}\n", arn(opened->identity, "campaign/" + c.name).c_str());
  return 0;
}

int update_campaign_command(const Args& args) {
  constexpr const char* kName = "update-campaign";
  auto opened = open_group(args);
  if (!opened.ok()) return report_failure(kName, opened.status());
  const std::string name = args.value("name");
  auto found = find_campaign(opened->group, name);
  if (!found.ok()) return report_failure(kName, found.status());
  if (!*found) return report_failure(kName, not_found("campaign " + name + " does not exist in " + opened->group.dir()));
  CampaignRecord c = **found;
  if (auto config = args.get("campaign-config")) c.campaign_config = *config;
  if (args.has("min-provisioned-tps")) {
    auto tps = args.get_int("min-provisioned-tps", 1, 1, 100000);
    if (!tps.ok()) return report_failure(kName, tps.status(), true);
    c.min_provisioned_tps = *tps;
  }
  auto version = check_deployable(opened->group, args.get("solution-version").value_or(c.solution_version_id),
                                  c.campaign_config);
  if (!version.ok()) return report_failure(kName, version.status());
  c.solution_version_id = *version;
  c.updated_at = unix_now();
  if (Status s = update_campaign(opened->group, c); !s.ok()) return report_failure(kName, s);
  std::printf("{\"campaignArn\":\"%s\"}\n", arn(opened->identity, "campaign/" + c.name).c_str());
  return 0;
}

int describe_campaign_command(const Args& args) {
  constexpr const char* kName = "describe-campaign";
  auto opened = open_group(args);
  if (!opened.ok()) return report_failure(kName, opened.status());
  return print_campaign(kName, *opened, args.value("name"));
}

int list_campaigns_command(const Args& args) {
  constexpr const char* kName = "list-campaigns";
  auto opened = open_group(args);
  if (!opened.ok()) return report_failure(kName, opened.status());
  auto campaigns = list_campaigns(opened->group);
  if (!campaigns.ok()) return report_failure(kName, campaigns.status());
  std::string out = "{\"campaigns\":[";
  for (size_t i = 0; i < campaigns->size(); ++i) {
    auto json = campaign_json(*opened, (*campaigns)[i], true);
    if (!json.ok()) return report_failure(kName, json.status());
    out += (i ? "," : "") + *json;
  }
  std::printf("%s]}\n", out.c_str());
  return 0;
}

int delete_campaign_command(const Args& args) {
  constexpr const char* kName = "delete-campaign";
  auto opened = open_group(args);
  if (!opened.ok()) return report_failure(kName, opened.status());
  if (Status s = delete_campaign(opened->group, args.value("name")); !s.ok()) return report_failure(kName, s);
  return 0;
}

FlagSpec name_flag() { return text_flag("name", "NAME", "the campaign's name (unique in the home)").required(); }

FlagSpec config_flag() {
  return text_flag("campaign-config", "JSON",
                   "Personalize's campaignConfig, e.g. {\"itemExplorationConfig\":{\"explorationWeight\":\"0.3\"},"
                   "\"syncWithLatestSolutionVersion\":true}");
}

FlagSpec tps_flag() { return text_flag("min-provisioned-tps", "N", "accepted for Personalize's API (1 or more)"); }

CommandSpec create_campaign_spec() {
  CommandSpec spec;
  spec.name = "create-campaign";
  spec.summary = "deploy a solution version as a campaign (CreateCampaign), served by edgerec serve";
  spec.order = 100;
  spec.usage = {"edgerec create-campaign DIR --name N --solution-version ID|latest [--campaign-config JSON]"};
  spec.description =
      "Records a campaign in the dataset group: a name for a solution version and its campaignConfig.\n"
      "The version must exist in the group, load, and take the config. `latest` is the group's newest\n"
      "version; with \"syncWithLatestSolutionVersion\":true edgerec serve redeploys each new one.\n"
      "Prints {\"campaignArn\":...}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag(), text_flag("solution-version", "ID", "a solution version id (sv-...) or latest").required(),
                config_flag(), tps_flag()};
  spec.examples = {"edgerec create-campaign shop --name shop-home --solution-version latest"};
  spec.run = create_campaign_command;
  return spec;
}

CommandSpec update_campaign_spec() {
  CommandSpec spec;
  spec.name = "update-campaign";
  spec.summary = "point a campaign at another solution version or config (UpdateCampaign)";
  spec.order = 101;
  spec.usage = {"edgerec update-campaign DIR --name N [--solution-version ID|latest] [--campaign-config JSON]"};
  spec.description =
      "Changes a campaign's solution version and/or campaignConfig after the same checks as\n"
      "create-campaign. A running edgerec serve swaps to it without failing a request.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag(), text_flag("solution-version", "ID", "a solution version id (sv-...) or latest"),
                config_flag(), tps_flag()};
  spec.examples = {"edgerec update-campaign shop --name shop-home --solution-version sv-20261201-0f3a9c1d2e4b5a6f"};
  spec.run = update_campaign_command;
  return spec;
}

CommandSpec describe_campaign_spec() {
  CommandSpec spec;
  spec.name = "describe-campaign";
  spec.summary = "a campaign as JSON (DescribeCampaign)";
  spec.order = 102;
  spec.usage = {"edgerec describe-campaign DIR --name N"};
  spec.description = "Prints {\"campaign\":{...}}: its ARN, solution version ARN, config, status and times.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag()};
  spec.examples = {"edgerec describe-campaign shop --name shop-home"};
  spec.run = describe_campaign_command;
  return spec;
}

CommandSpec list_campaigns_spec() {
  CommandSpec spec;
  spec.name = "list-campaigns";
  spec.summary = "the group's campaigns as JSON (ListCampaigns)";
  spec.order = 103;
  spec.usage = {"edgerec list-campaigns DIR"};
  spec.description = "Prints {\"campaigns\":[{name, campaignArn, status, creationDateTime, lastUpdatedDateTime}]}.";
  spec.positionals = {dataset_group_argument()};
  spec.examples = {"edgerec list-campaigns shop"};
  spec.run = list_campaigns_command;
  return spec;
}

CommandSpec delete_campaign_spec() {
  CommandSpec spec;
  spec.name = "delete-campaign";
  spec.summary = "delete a campaign (DeleteCampaign); its solution version stays";
  spec.order = 104;
  spec.usage = {"edgerec delete-campaign DIR --name N"};
  spec.description = "Removes the campaign from the group; a running edgerec serve stops serving it.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag()};
  spec.examples = {"edgerec delete-campaign shop --name shop-home"};
  spec.run = delete_campaign_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(create_campaign_spec);
EDGEREC_REGISTER_COMMAND(update_campaign_spec);
EDGEREC_REGISTER_COMMAND(describe_campaign_spec);
EDGEREC_REGISTER_COMMAND(list_campaigns_spec);
EDGEREC_REGISTER_COMMAND(delete_campaign_spec);

}  // namespace edgerec::cli
