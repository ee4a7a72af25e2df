// Personalize's campaignConfig: the settings a campaign (here, a Runtime) serves with, given once
// at load rather than per request.
//
//   {"itemExplorationConfig": {"explorationWeight": "0.3", "explorationItemAgeCutOff": "30"},
//    "enableMetadataWithRecommendations": true, "syncWithLatestSolutionVersion": false}
//
// itemExplorationConfig (User-Personalization only; item_exploration.h): Personalize passes its
// values as strings; numbers are accepted too. explorationWeight is 0 to 1 (default 0.3),
// explorationItemAgeCutOff a positive number of days (default 30); an entry left out takes
// Personalize's default. A Runtime given no itemExplorationConfig does not explore, so existing
// hosts keep their exact results; Personalize's campaigns default to 0.3.
// enableMetadataWithRecommendations and syncWithLatestSolutionVersion are accepted (booleans) and
// change nothing: metadataColumns is always available, and a Runtime serves the one version it
// loaded. rankingInfluence is refused (edgerec has no recipe that takes it).
#pragma once

#include <optional>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec {

inline constexpr double kDefaultExplorationWeight = 0.3;
inline constexpr double kDefaultExplorationItemAgeCutOffDays = 30.0;

struct ItemExplorationConfig {
  double weight = kDefaultExplorationWeight;                     ///< explorationWeight, 0..1
  double age_cut_off_days = kDefaultExplorationItemAgeCutOffDays;  ///< explorationItemAgeCutOff, > 0
};

struct CampaignConfig {
  std::optional<ItemExplorationConfig> item_exploration;
};

/// Parses a campaignConfig object. InvalidInput names the field and the allowed values, e.g.
/// "campaignConfig.itemExplorationConfig.explorationWeight must be between 0 and 1, got \"1.5\"".
Result<CampaignConfig> parse_campaign_config(std::string_view json);

}  // namespace edgerec
