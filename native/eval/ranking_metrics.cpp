// Offline ranking metrics.
#include "eval/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace edgerec {
namespace {

struct UserScores {
  double ndcg[3] = {0, 0, 0};
  double precision[3] = {0, 0, 0};
  double recall[3] = {0, 0, 0};
  double reciprocal_rank = 0;
};

constexpr size_t kCutoffs[3] = {5, 10, 25};

UserScores score_user(const std::vector<uint32_t>& recommended, const std::unordered_set<uint32_t>& relevant) {
  UserScores s;
  const size_t n = std::min<size_t>(recommended.size(), 25);
  double dcg = 0.0;
  size_t hits = 0;
  size_t cut = 0;
  for (size_t p = 0; p < 25; ++p) {
    if (p < n && relevant.count(recommended[p]) != 0) {
      ++hits;
      dcg += 1.0 / std::log2(static_cast<double>(p) + 2.0);
      if (s.reciprocal_rank == 0.0) s.reciprocal_rank = 1.0 / static_cast<double>(p + 1);
    }
    if (p + 1 == kCutoffs[cut]) {
      const size_t k = kCutoffs[cut];
      double ideal = 0.0;
      for (size_t q = 0; q < std::min(relevant.size(), k); ++q) ideal += 1.0 / std::log2(static_cast<double>(q) + 2.0);
      s.ndcg[cut] = ideal > 0.0 ? dcg / ideal : 0.0;
      s.precision[cut] = static_cast<double>(hits) / static_cast<double>(k);
      s.recall[cut] = static_cast<double>(hits) / static_cast<double>(relevant.size());
      ++cut;
    }
  }
  return s;
}

}  // namespace

double ndcg_at(const std::vector<uint32_t>& recommended, const std::vector<uint32_t>& relevant_list, size_t k) {
  const std::unordered_set<uint32_t> relevant(relevant_list.begin(), relevant_list.end());
  if (relevant.empty()) return 0.0;
  double dcg = 0.0;
  for (size_t p = 0; p < std::min(k, recommended.size()); ++p) {
    if (relevant.count(recommended[p]) != 0) dcg += 1.0 / std::log2(static_cast<double>(p) + 2.0);
  }
  double ideal = 0.0;
  for (size_t q = 0; q < std::min(relevant.size(), k); ++q) ideal += 1.0 / std::log2(static_cast<double>(q) + 2.0);
  return dcg / ideal;
}

RankingMetrics evaluate_rankings(const std::vector<UserEvaluation>& users, size_t catalog_size) {
  RankingMetrics m;
  std::unordered_set<uint32_t> recommended_items;
  for (const UserEvaluation& u : users) {
    const std::unordered_set<uint32_t> relevant(u.relevant.begin(), u.relevant.end());
    if (relevant.empty()) continue;
    ++m.users;
    for (size_t p = 0; p < std::min<size_t>(u.recommended.size(), 25); ++p) recommended_items.insert(u.recommended[p]);
    const UserScores s = score_user(u.recommended, relevant);
    m.ndcg_at_5 += s.ndcg[0];
    m.ndcg_at_10 += s.ndcg[1];
    m.ndcg_at_25 += s.ndcg[2];
    m.precision_at_5 += s.precision[0];
    m.precision_at_10 += s.precision[1];
    m.precision_at_25 += s.precision[2];
    m.recall_at_5 += s.recall[0];
    m.recall_at_10 += s.recall[1];
    m.recall_at_25 += s.recall[2];
    m.mean_reciprocal_rank_at_25 += s.reciprocal_rank;
  }
  if (m.users != 0) {
    const double n = static_cast<double>(m.users);
    for (double* v : {&m.ndcg_at_5, &m.ndcg_at_10, &m.ndcg_at_25, &m.precision_at_5, &m.precision_at_10,
                      &m.precision_at_25, &m.recall_at_5, &m.recall_at_10, &m.recall_at_25,
                      &m.mean_reciprocal_rank_at_25}) {
      *v /= n;
    }
  }
  m.coverage = catalog_size == 0 ? 0.0 : static_cast<double>(recommended_items.size()) / static_cast<double>(catalog_size);
  return m;
}

std::map<std::string, double> RankingMetrics::by_name() const {
  return {
      {"coverage", coverage},
      {"mean_reciprocal_rank_at_25", mean_reciprocal_rank_at_25},
      {"normalized_discounted_cumulative_gain_at_5", ndcg_at_5},
      {"normalized_discounted_cumulative_gain_at_10", ndcg_at_10},
      {"normalized_discounted_cumulative_gain_at_25", ndcg_at_25},
      {"precision_at_5", precision_at_5},
      {"precision_at_10", precision_at_10},
      {"precision_at_25", precision_at_25},
      {"recall_at_5", recall_at_5},
      {"recall_at_10", recall_at_10},
      {"recall_at_25", recall_at_25},
  };
}

}  // namespace edgerec
