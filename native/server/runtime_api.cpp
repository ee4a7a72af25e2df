// Personalize Runtime's API on deployed campaigns (see runtime_api.h).
#include "server/runtime_api.h"

#include <cmath>
#include <set>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "io/json_value_writer.h"
#include "server/aws_error.h"

namespace edgerec::server {
namespace {

Result<JsonValue> request_object(const HttpRequest& request, const char* operation) {
  EDGEREC_ASSIGN_OR_RETURN(JsonValue root, parse_json(request.body, std::string(operation) + " request"));
  if (!root.is_object()) return invalid_input(std::string(operation) + " request must be a JSON object");
  return root;
}

Result<std::string> string_member(const JsonValue& root, const char* name) {
  const JsonValue* v = root.find(name);
  if (v == nullptr) return invalid_input(std::string(name) + ": required");
  if (!v->is_string()) return invalid_input(std::string(name) + ": must be a string");
  return v->as_string();
}

// A snapshot that knows `name` under `map` if the store does: looked up again after a refresh.
// (It may have been created a moment before the request arrived.)
template <class Map>
std::shared_ptr<const HomeSnapshot> snapshot_with(HomeCatalog& catalog, const HttpRequest& request,
                                                  Map HomeSnapshot::*map, const std::string& name) {
  std::shared_ptr<const HomeSnapshot> snap = catalog.snapshot();
  if (((*snap).*map).count(name) != 0) return snap;
  catalog.refresh_since(request.received);
  return catalog.snapshot();
}

struct Resolved {
  const HttpRequest* request = nullptr;
  std::shared_ptr<const HomeSnapshot> snapshot;
  std::shared_ptr<const DeployedCampaign> campaign;
};

Result<Resolved> resolve_campaign(HomeCatalog& catalog, const HttpRequest& request, const JsonValue& root) {
  if (root.find("recommenderArn") != nullptr) {
    return invalid_input("recommenderArn: edgerec serves campaigns, not recommenders; send campaignArn");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string text, string_member(root, "campaignArn"));
  EDGEREC_ASSIGN_OR_RETURN(const ParsedArn parsed, parse_arn(catalog.identity(), text, "campaignArn", "campaign"));
  Resolved r;
  r.request = &request;
  r.snapshot = snapshot_with(catalog, request, &HomeSnapshot::campaigns, parsed.path);
  const auto it = r.snapshot->campaigns.find(parsed.path);
  if (it == r.snapshot->campaigns.end()) return not_found("campaign " + parsed.path + " does not exist");
  r.campaign = it->second;
  return r;
}

// The expression of filterArn in `root` (nothing without one), from the campaign's group.
Result<std::optional<std::string>> filter_expression(HomeCatalog& catalog, Resolved& r, const JsonValue& holder,
                                                      const std::string& path) {
  const JsonValue* arn_value = holder.find("filterArn");
  if (arn_value == nullptr) return std::optional<std::string>();
  if (!arn_value->is_string()) return invalid_input(path + "filterArn: must be a string");
  EDGEREC_ASSIGN_OR_RETURN(const ParsedArn parsed,
                           parse_arn(catalog.identity(), arn_value->as_string(), path + "filterArn", "filter"));
  std::shared_ptr<const HomeSnapshot> snap = r.snapshot;
  if (snap->filters.count(parsed.path) == 0) snap = snapshot_with(catalog, *r.request, &HomeSnapshot::filters, parsed.path);
  const auto it = snap->filters.find(parsed.path);
  if (it == snap->filters.end()) return not_found("filter " + parsed.path + " does not exist");
  if (it->second.group != r.campaign->group) {
    return invalid_input(path + "filterArn: filter " + parsed.path + " belongs to dataset group " +
                         it->second.group->name + ", not to the campaign's (" + r.campaign->group->name + ")");
  }
  return std::optional<std::string>(it->second.expression);
}

// The core's request: `root`'s fields the core serves, with the named filter's expression.
Result<std::string> core_request(HomeCatalog& catalog, Resolved& r, const JsonValue& root,
                                 const std::set<std::string, std::less<>>& passed,
                                 const std::set<std::string, std::less<>>& accepted) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> named, filter_expression(catalog, r, root, ""));
  if (named && root.find("filterExpression") != nullptr) {
    return invalid_input("filterArn and filterExpression: give one of them");
  }
  JsonWriter w;
  w.begin_object();
  for (const auto& [name, value] : root.members()) {
    if (passed.count(name) != 0) {
      w.key(name);
      write_json_value(w, value);
    } else if (accepted.count(name) == 0) {
      return invalid_input("unknown request field " + quote_for_message(name));
    }
  }
  if (named) {
    w.key("filterExpression");
    w.string(*named);
  }
  w.end_object();
  return w.take();
}

// One promotion: which positions of `n` take promoted items (as exploration spreads its slots:
// position j is promoted when floor((j+1)p) > floor(jp)).
bool promoted_slot(size_t j, double share) {
  return std::floor(static_cast<double>(j + 1) * share) > std::floor(static_cast<double>(j) * share);
}

Result<std::string> with_promotion(HomeCatalog& catalog, Resolved& r, const JsonValue& root, const std::string& plain) {
  const JsonValue& list = *root.find("promotions");
  if (!list.is_array()) return invalid_input("promotions: must be a list");
  if (list.items().empty()) return plain;
  if (list.items().size() > 1) return invalid_input("promotions: at most 1 promotion per request, got " +
                                                    std::to_string(list.items().size()));
  const JsonValue& p = list.items()[0];
  if (!p.is_object()) return invalid_input("promotions[0]: must be an object");
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, string_member(p, "name"));
  const JsonValue* pct = p.find("percentPromotedItems");
  if (pct == nullptr || !pct->is_number() || pct->as_number() != std::floor(pct->as_number()) ||
      pct->as_number() < 1 || pct->as_number() > 100) {
    return invalid_input("promotions[0].percentPromotedItems: must be an integer from 1 to 100");
  }
  for (const auto& [key, value] : p.members()) {
    if (key != "name" && key != "percentPromotedItems" && key != "filterArn" && key != "filterValues") {
      return invalid_input("promotions[0]: unknown field " + quote_for_message(key));
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> expression,
                           filter_expression(catalog, r, p, "promotions[0]."));
  if (!expression) return invalid_input("promotions[0].filterArn: required");
  // The promoted candidates: the same request through the promotion's filter.
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue main, parse_json(plain, "recommendations"));
  const size_t n = main.find("itemList")->items().size();
  JsonWriter promo;
  promo.begin_object();
  for (const char* field : {"userId", "itemId", "metadataColumns"}) {
    if (const JsonValue* v = root.find(field)) {
      promo.key(field);
      write_json_value(promo, *v);
    }
  }
  promo.key("numResults");
  promo.integer(static_cast<int64_t>(std::max<size_t>(n, 1)));
  promo.key("filterExpression");
  promo.string(*expression);
  if (const JsonValue* values = p.find("filterValues")) {
    promo.key("filterValues");
    write_json_value(promo, *values);
  }
  promo.end_object();
  EDGEREC_ASSIGN_OR_RETURN(const std::string promoted_text, r.campaign->runtime->get_recommendations_json(promo.str()));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue promoted, parse_json(promoted_text, "promoted recommendations"));

  const double share = pct->as_number() / 100.0;
  const std::vector<JsonValue>& own = main.find("itemList")->items();
  const std::vector<JsonValue>& extra = promoted.find("itemList")->items();
  std::set<std::string> used;
  size_t next_own = 0;
  size_t next_extra = 0;
  JsonWriter out;
  out.begin_object();
  out.key("itemList");
  out.begin_array();
  for (size_t j = 0; j < n; ++j) {
    bool written = false;
    while (promoted_slot(j, share) && next_extra < extra.size() && !written) {
      const JsonValue& item = extra[next_extra++];
      const std::string id = item.find("itemId")->as_string();
      if (!used.insert(id).second) continue;
      out.begin_object();
      for (const auto& [key, value] : item.members()) {
        if (key == "reason") continue;
        out.key(key);
        write_json_value(out, value);
      }
      out.key("promotionName");
      out.string(name);
      out.key("reason");
      out.begin_array();
      out.string("Promoted item");
      out.end_array();
      out.end_object();
      written = true;
    }
    while (!written && next_own < own.size()) {
      const JsonValue& item = own[next_own++];
      if (!used.insert(item.find("itemId")->as_string()).second) continue;
      write_json_value(out, item);
      written = true;
    }
  }
  out.end_array();
  out.key("recommendationId");
  write_json_value(out, *main.find("recommendationId"));
  out.end_object();
  return out.take();
}

HttpResponse answer(Result<std::string> body) {
  if (!body.ok()) return error_response(body.status());
  return json_response(200, std::move(body).value());
}

}  // namespace

HttpResponse get_recommendations(HomeCatalog& catalog, const HttpRequest& request, std::string* campaign) {
  const auto body = [&]() -> Result<std::string> {
    EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, request_object(request, "GetRecommendations"));
    EDGEREC_ASSIGN_OR_RETURN(Resolved r, resolve_campaign(catalog, request, root));
    if (campaign != nullptr) *campaign = r.campaign->name;
    // Built once: constructing the sets per request showed in the server's profile.
    static const std::set<std::string, std::less<>> kPassed = {"userId",           "itemId",         "numResults", "filterValues",
                                                  "filterExpression", "metadataColumns"};
    static const std::set<std::string, std::less<>> kAccepted = {"campaignArn", "filterArn", "context", "promotions"};
    EDGEREC_ASSIGN_OR_RETURN(const std::string core, core_request(catalog, r, root, kPassed, kAccepted));
    EDGEREC_ASSIGN_OR_RETURN(const std::string plain, r.campaign->runtime->get_recommendations_json(core));
    if (root.find("promotions") == nullptr) return plain;
    return with_promotion(catalog, r, root, plain);
  }();
  return answer(std::move(body));
}

HttpResponse get_personalized_ranking(HomeCatalog& catalog, const HttpRequest& request, std::string* campaign) {
  const auto body = [&]() -> Result<std::string> {
    EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, request_object(request, "GetPersonalizedRanking"));
    EDGEREC_ASSIGN_OR_RETURN(Resolved r, resolve_campaign(catalog, request, root));
    if (campaign != nullptr) *campaign = r.campaign->name;
    static const std::set<std::string, std::less<>> kPassed = {"userId", "inputList", "filterValues", "filterExpression",
                                                  "metadataColumns"};
    static const std::set<std::string, std::less<>> kAccepted = {"campaignArn", "filterArn", "context"};
    EDGEREC_ASSIGN_OR_RETURN(const std::string core, core_request(catalog, r, root, kPassed, kAccepted));
    return r.campaign->runtime->get_personalized_ranking_json(core);
  }();
  return answer(std::move(body));
}

}  // namespace edgerec::server
