// Users ranked by their affinity for an item or for items with given attributes (see
// user_segment.h).
#include "serve/user_segment.h"

#include <algorithm>
#include <cmath>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/solution_generated.h"
#include "edgerec/topk.h"
#include "filter/filter_expression.h"
#include "filter/filter_mask.h"
#include "scoring/factor_scoring.h"

namespace edgerec {
namespace {

struct SegmentRequest {
  std::optional<std::string> item_id;
  std::optional<std::string> item_attributes;
  int64_t num_results = 25;
};

Result<SegmentRequest> parse_segment_request(std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue v, parse_json(json, "request"));
  if (!v.is_object()) return invalid_input("the request must be a JSON object");
  SegmentRequest r;
  for (const auto& [name, value] : v.members()) {
    if (name == "itemId" || name == "itemAttributes") {
      if (!value.is_string() || value.as_string().empty()) {
        return invalid_input("request field " + name + " must be a non-empty string");
      }
      (name == "itemId" ? r.item_id : r.item_attributes) = value.as_string();
    } else if (name == "numResults") {
      const double n = value.is_number() ? value.as_number() : -1;
      if (!(n >= 1 && n <= static_cast<double>(kMaxSegmentUsers)) || std::floor(n) != n) {
        return invalid_input("request field numResults must be an integer from 1 to " + std::to_string(kMaxSegmentUsers));
      }
      r.num_results = static_cast<int64_t>(n);
    } else {
      return invalid_input("unknown request field \"" + name + "\" (a segment query has itemId or itemAttributes, numResults)");
    }
  }
  if (r.item_id.has_value() == r.item_attributes.has_value()) {
    return invalid_input("a segment query has one of itemId (Item-Affinity) and itemAttributes (Item-Attribute-Affinity)");
  }
  return r;
}

// ITEMS.F = "v" AND ITEMS.G IN ("a", "b") as the filter language's
// INCLUDE ItemID WHERE Items.F IN ("v") AND Items.G IN ("a", "b").
Result<std::string> attributes_as_filter(const std::string& attributes) {
  std::string filter = "INCLUDE ItemID WHERE ";
  size_t at = 0;
  bool first = true;
  while (at < attributes.size()) {
    // The next " AND " outside quotes ends this condition.
    size_t end = at;
    bool quoted = false;
    for (; end < attributes.size(); ++end) {
      if (attributes[end] == '"') quoted = !quoted;
      if (!quoted && end + 5 <= attributes.size()) {
        std::string word = attributes.substr(end, 5);
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (word == " AND ") break;
      }
    }
    std::string condition = attributes.substr(at, end - at);
    while (!condition.empty() && condition.front() == ' ') condition.erase(condition.begin());
    while (!condition.empty() && condition.back() == ' ') condition.pop_back();
    const std::string prefix = condition.substr(0, 6);
    if (prefix != "ITEMS." && prefix != "Items." && prefix != "items.") {
      return invalid_input("itemAttributes: condition " + quote_for_message(condition) +
                           " must start with ITEMS.FIELD (ITEMS.GENRE = \"Comedy\")");
    }
    const size_t eq = condition.find(" = ");
    const size_t in = condition.find(" IN ");
    if (eq != std::string::npos && (in == std::string::npos || eq < in)) {
      const std::string field = condition.substr(6, eq - 6);
      const std::string value = condition.substr(eq + 3);
      if (value.size() < 2 || value.front() != '"' || value.back() != '"') {
        return invalid_input("itemAttributes: condition " + quote_for_message(condition) + " must compare with a quoted value");
      }
      filter += std::string(first ? "" : " AND ") + "Items." + field + " IN (" + value + ")";
    } else if (in != std::string::npos) {
      filter += std::string(first ? "" : " AND ") + "Items." + condition.substr(6);
    } else {
      return invalid_input("itemAttributes: condition " + quote_for_message(condition) +
                           " must be ITEMS.FIELD = \"value\" or ITEMS.FIELD IN (\"a\", \"b\")");
    }
    first = false;
    at = end + 5;
  }
  if (first) return invalid_input("itemAttributes: no condition");
  return filter;
}

// Item `i`'s vector as floats (int8 rows times their scale).
void item_vector(const fb::FactorModel& model, uint32_t i, uint32_t dims, float* out) {
  if (model.item_factors_f32() != nullptr) {
    for (uint32_t d = 0; d < dims; ++d) out[d] = model.item_factors_f32()->Get(i * dims + d);
    return;
  }
  const float scale = model.item_scales()->Get(i);
  for (uint32_t d = 0; d < dims; ++d) out[d] = static_cast<float>(model.item_factors_i8()->Get(i * dims + d)) * scale;
}

}  // namespace

Result<std::string> user_segment_json(const Solution& solution, std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const SegmentRequest request, parse_segment_request(request_json));
  const fb::FactorModel* model = solution.root().factors();
  if (model == nullptr || model->user_factors() == nullptr || model->user_factors()->size() == 0) {
    return invalid_input("batch segments need user and item vectors: a user-personalization or personalized-ranking "
                         "solution (Personalize's Item-Affinity recipes); recipe " + std::string(solution.recipe()) +
                         " has none");
  }
  const uint32_t dims = model->dimensions();
  const uint32_t items = solution.items().size();
  const uint32_t users = static_cast<uint32_t>(model->user_factors()->size() / dims);
  std::vector<float> query(dims, 0.0f);
  if (request.item_id) {
    const std::optional<uint32_t> item = solution.items().find(*request.item_id);
    if (!item) return invalid_input("itemId " + quote_for_message(*request.item_id) + " is not in the solution's catalog");
    item_vector(*model, *item, dims, query.data());
  } else {
    EDGEREC_ASSIGN_OR_RETURN(const std::string filter_text, attributes_as_filter(*request.item_attributes));
    // Errors come from the filter the attributes became: its positions are not the caller's, so
    // they are left out of the message ("filter: position 22: unknown field ...").
    const auto attributes_error = [&](const Status& status) {
      std::string message = status.message();
      for (const char* prefix : {"filter: ", "position "}) {
        if (message.rfind(prefix, 0) != 0) continue;
        message.erase(0, std::string(prefix).size());
        if (std::string(prefix) == "position ") message.erase(0, message.find(": ") == std::string::npos ? 0 : message.find(": ") + 2);
      }
      return invalid_input("itemAttributes " + quote_for_message(*request.item_attributes) + ": " + message);
    };
    auto parsed = parse_filter_expression(filter_text);
    if (!parsed.ok()) return attributes_error(parsed.status());
    auto mask = compile_filter_mask(solution, *parsed, FilterContext{});
    if (!mask.ok()) return attributes_error(mask.status());
    std::vector<float> row(dims);
    uint32_t matched = 0;
    for (uint32_t i = 0; i < items; ++i) {
      if (!(*mask)[i]) continue;
      item_vector(*model, i, dims, row.data());
      for (uint32_t d = 0; d < dims; ++d) query[d] += row[d];
      ++matched;
    }
    if (matched == 0) return invalid_input("itemAttributes: no item of the catalog has these attributes");
    for (float& q : query) q /= static_cast<float>(matched);
  }
  std::vector<float> scores(users);
  score_rows_f32(model->user_factors()->data(), users, FactorQuery(query.data(), dims), scores.data());
  const std::vector<ScoredItem> best = top_k(scores.data(), users, static_cast<size_t>(request.num_results));
  JsonWriter w;
  w.begin_object();
  w.key("usersList");
  w.begin_array();
  for (const ScoredItem& u : best) w.string(solution.users().id(u.index));
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace edgerec
