// Offline ranking metrics with Amazon Personalize's definitions (PERSONALIZE.md section 3).
//
// "Relevant" means the item is in the user's held-out set. Per user, with recommendations r_1..r_n
// (best first) and relevant set R:
//   precision@K = |hits in top K| / K
//   recall@K    = |hits in top K| / |R|
//   NDCG@K      = sum over hits at position p <= K of 1/log2(1+p), divided by the ideal DCG in
//                 which min(|R|, K) hits sit at the top
//   MRR@25      = 1 / (position of the first hit in the top 25), or 0
// Each is averaged over the evaluated users (a user with no recommendations scores 0; users
// with no relevant items are not evaluated). coverage = distinct items recommended (top 25)
// over all evaluated users / catalog size.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgerec {

/// One evaluated user: the model's ranking and the held-out items.
struct UserEvaluation {
  std::vector<uint32_t> recommended;  ///< catalog indices, best first (at least 25 if available)
  std::vector<uint32_t> relevant;     ///< held-out catalog indices (duplicates ignored)
};

struct RankingMetrics {
  size_t users = 0;  ///< users evaluated
  double coverage = 0.0;
  double mean_reciprocal_rank_at_25 = 0.0;
  double ndcg_at_5 = 0.0, ndcg_at_10 = 0.0, ndcg_at_25 = 0.0;
  double precision_at_5 = 0.0, precision_at_10 = 0.0, precision_at_25 = 0.0;
  double recall_at_5 = 0.0, recall_at_10 = 0.0, recall_at_25 = 0.0;

  /// Personalize's metric names, e.g. "normalized_discounted_cumulative_gain_at_10" -> value.
  std::map<std::string, double> by_name() const;
};

/// NDCG@k of one ranking against a relevant set (0 if the set is empty).
double ndcg_at(const std::vector<uint32_t>& recommended, const std::vector<uint32_t>& relevant, size_t k);

/// Averages every metric over `users` (those with an empty relevant set are skipped).
RankingMetrics evaluate_rankings(const std::vector<UserEvaluation>& users, size_t catalog_size);

}  // namespace edgerec
