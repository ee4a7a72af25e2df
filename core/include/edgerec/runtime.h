// Runtime: what a campaign serves from one loaded solution version. This is the object behind
// the C ABI (edgerec.h), the JS Runtime class and the CLI's `recommend` command, so all of them
// return the same JSON for the same request.
//
// Thread safety: every const method, and get_recommendations_json, may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "edgerec/filter_cache.h"
#include "edgerec/recommendation_id.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

class Runtime {
 public:
  explicit Runtime(std::shared_ptr<const Solution> solution) : solution_(std::move(solution)) {}

  static Result<std::unique_ptr<Runtime>> load(const uint8_t* data, size_t size,
                                               const LoadOptions& options = {});

  const Solution& solution() const { return *solution_; }

  /// See RecommendationIdGenerator::add_entropy.
  void add_entropy(const uint8_t* data, size_t size) { ids_.add_entropy(data, size); }

  /// GetRecommendations: request JSON in, response JSON out (Personalize's shapes). Request
  /// fields: userId, itemId, numResults, filterExpression, filterValues (recommend.h).
  Result<std::string> get_recommendations_json(std::string_view request_json);

  /// GetPersonalizedRanking: request JSON in ({"userId","inputList"}, optionally
  /// filterExpression and filterValues), response JSON out.
  Result<std::string> get_personalized_ranking_json(std::string_view request_json);

  /// The solution version's metadata (recipe, hyperparameters, training data, metrics, sizes).
  std::string describe_json() const;

 private:
  std::shared_ptr<const Solution> solution_;
  RecommendationIdGenerator ids_;
  FilterCache filters_;  // each distinct filterExpression is parsed once
};

}  // namespace edgerec
