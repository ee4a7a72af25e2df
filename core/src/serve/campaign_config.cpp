// campaignConfig parsing and validation.
#include "serve/campaign_config.h"

#include <cmath>
#include <string>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "format/metadata_column.h"

namespace edgerec {
namespace {

constexpr const char* kConfigFields =
    "itemExplorationConfig, enableMetadataWithRecommendations, syncWithLatestSolutionVersion";
constexpr const char* kExplorationFields = "explorationWeight, explorationItemAgeCutOff";

// A value given as Personalize's string ("0.3") or as a JSON number; `shown` is how the caller
// wrote it, for errors.
Result<double> number_value(const JsonValue& value, const std::string& field, std::string& shown) {
  if (value.is_number()) {
    shown = shortest_number_text(value.as_number());
    return value.as_number();
  }
  if (!value.is_string()) {
    return invalid_input(field + " must be a number, or a string holding one as Personalize sends it (\"0.3\"), got " +
                         json_type_name(value.type()));
  }
  shown = quote_for_message(value.as_string());
  const std::optional<double> parsed = parse_number(value.as_string());
  if (!parsed) return invalid_input(field + " must be a number, got " + shown);
  return *parsed;
}

Result<ItemExplorationConfig> parse_exploration(const JsonValue& value) {
  const std::string prefix = "campaignConfig.itemExplorationConfig";
  if (!value.is_object()) {
    return invalid_input(prefix + " must be an object such as {\"explorationWeight\": \"0.3\", "
                                  "\"explorationItemAgeCutOff\": \"30\"}, got " + json_type_name(value.type()));
  }
  ItemExplorationConfig config;
  for (const auto& [name, member] : value.members()) {
    const std::string field = member_path(prefix, name);
    std::string shown;
    if (name == "explorationWeight") {
      EDGEREC_ASSIGN_OR_RETURN(config.weight, number_value(member, field, shown));
      if (!(config.weight >= 0.0 && config.weight <= 1.0)) {
        return invalid_input(field + " must be between 0 and 1 (0: no exploration), got " + shown);
      }
    } else if (name == "explorationItemAgeCutOff") {
      EDGEREC_ASSIGN_OR_RETURN(config.age_cut_off_days, number_value(member, field, shown));
      if (!(config.age_cut_off_days > 0.0) || !std::isfinite(config.age_cut_off_days)) {
        return invalid_input(field + " must be a positive number of days, got " + shown);
      }
    } else {
      return invalid_input("unknown field " + field + "; valid fields are " + kExplorationFields);
    }
  }
  return config;
}

}  // namespace

Result<CampaignConfig> parse_campaign_config(std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(json, "campaignConfig"));
  if (!root.is_object()) {
    return invalid_input(std::string("campaignConfig must be a JSON object, got ") + json_type_name(root.type()));
  }
  CampaignConfig config;
  for (const auto& [name, value] : root.members()) {
    if (name == "itemExplorationConfig") {
      EDGEREC_ASSIGN_OR_RETURN(config.item_exploration, parse_exploration(value));
    } else if (name == "enableMetadataWithRecommendations" || name == "syncWithLatestSolutionVersion") {
      if (!value.is_bool()) {
        return invalid_input("campaignConfig." + name + " must be a boolean, got " + json_type_name(value.type()));
      }
    } else if (name == "rankingInfluence") {
      return invalid_input("campaignConfig.rankingInfluence is not supported: no edgerec recipe takes it");
    } else {
      return invalid_input("unknown field " + member_path("campaignConfig", name) + "; valid fields are " + kConfigFields);
    }
  }
  return config;
}

}  // namespace edgerec
