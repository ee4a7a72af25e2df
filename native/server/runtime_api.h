// Personalize Runtime's REST API on the home's campaigns: POST /recommendations
// (GetRecommendations) and POST /personalize-ranking (GetPersonalizedRanking), with
// Personalize's request fields and response shapes:
//
//   campaignArn  the campaign (arn:aws:personalize:REGION:ACCOUNT:campaign/NAME); required
//   userId, itemId, numResults, inputList, metadataColumns  as the core serves them (runtime.h)
//   filterArn + filterValues  a named filter (create-filter); `filterExpression` is accepted too
//   promotions   GetRecommendations: [{name, percentPromotedItems, filterArn, filterValues}], at
//                most one: that share of the list comes from the promotion's filter, spread
//                evenly, each marked "promotionName" and reason ["Promoted item"]
//   context      accepted and not used (no recipe of edgerec reads contextual metadata yet)
//   recommenderArn  refused: edgerec has campaigns, not recommenders
//
// Errors are the service's: 400 InvalidInputException, 404 ResourceNotFoundException for an
// unknown campaign or filter (aws_error.h).
#pragma once

#include <string>

#include "server/home_catalog.h"
#include "server/http/http_message.h"

namespace edgerec::server {

/// `campaign`, when given, is set to the name of the campaign the request named once it is found
/// (the console's per-campaign numbers, live_stats.h); it stays empty when the request named none.
HttpResponse get_recommendations(HomeCatalog& catalog, const HttpRequest& request, std::string* campaign = nullptr);
HttpResponse get_personalized_ranking(HomeCatalog& catalog, const HttpRequest& request, std::string* campaign = nullptr);

}  // namespace edgerec::server
