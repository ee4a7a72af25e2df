// Personalize's 90/10 user split and the metrics of a recipe's scorer on it.
#include "eval/solution_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "edgerec/topk.h"
#include "eval/ranking_metrics.h"
#include "interactions/split_mix.h"

namespace edgerec {
namespace {

constexpr size_t kRecommended = 25;


}  // namespace

PersonalizeSplit personalize_split(const TrainingSet& set, uint64_t seed, double test_fraction,
                                   double holdout_fraction) {
  std::vector<uint32_t> eligible;
  for (uint32_t u = 0; u < set.users; ++u) {
    if (set.user_events(u) >= 2) eligible.push_back(u);
  }
  std::vector<bool> is_test(set.users, false);
  PersonalizeSplit out;
  if (eligible.size() >= 2) {
    // Partial Fisher-Yates: the first `count` of a seeded shuffle.
    const size_t count = std::clamp<size_t>(
        static_cast<size_t>(std::ceil(test_fraction * static_cast<double>(eligible.size()))), 1, eligible.size() - 1);
    SplitMix rng(seed * 0x2545F4914F6CDD1Dull + 0x51ed27);
    for (size_t i = 0; i < count; ++i) {
      const size_t j = i + static_cast<size_t>(rng.next() % (eligible.size() - i));
      std::swap(eligible[i], eligible[j]);
      is_test[eligible[i]] = true;
      out.test_users.push_back(eligible[i]);
    }
    std::sort(out.test_users.begin(), out.test_users.end());
  }
  out.input = split_newest(set, holdout_fraction, is_test);
  const TrainingSet& in = out.input.train;
  TrainingSet& fit = out.fit;
  fit.users = in.users;
  fit.items = in.items;
  fit.user_offsets.assign(1, 0);
  for (uint32_t u = 0; u < in.users; ++u) {
    if (!is_test[u]) {
      for (uint64_t e = in.user_offsets[u]; e < in.user_offsets[u + 1]; ++e) fit.append_event(in, e);
    }
    fit.user_offsets.push_back(fit.items_seq.size());
  }
  return out;
}

Result<std::map<std::string, double>> solution_metrics(const PersonalizeSplit& split, size_t catalog_size,
                                                       const UserScorer& scorer) {
  std::map<std::string, double> out;
  if (split.test_users.empty()) return out;
  const TrainingSet& input = split.input.train;
  const uint32_t items = input.items;

  // The 1% most popular items of the fitted data, for the popularity bias.
  const std::vector<uint32_t> counts = count_distinct_users_per_item(split.fit);
  std::vector<uint32_t> by_count(items);
  std::iota(by_count.begin(), by_count.end(), 0u);
  std::stable_sort(by_count.begin(), by_count.end(), [&](uint32_t a, uint32_t b) { return counts[a] > counts[b]; });
  const size_t head = std::max<size_t>(1, items / 100);
  std::vector<bool> popular(items, false);
  for (size_t i = 0; i < std::min<size_t>(head, items); ++i) popular[by_count[i]] = true;

  std::vector<UserEvaluation> evaluations;
  evaluations.reserve(split.test_users.size());
  std::vector<float> scores(items);
  size_t slots = 0, popular_slots = 0;
  for (const uint32_t u : split.test_users) {
    std::fill(scores.begin(), scores.end(), 0.0f);
    EDGEREC_RETURN_IF_ERROR(scorer(u, scores));
    for (uint64_t e = input.user_offsets[u]; e < input.user_offsets[u + 1]; ++e) {
      scores[input.items_seq[e]] = -std::numeric_limits<float>::infinity();
    }
    UserEvaluation evaluation;
    for (const ScoredItem& s : top_k(scores.data(), scores.size(), kRecommended)) {
      if (std::isinf(s.score) && s.score < 0) break;
      evaluation.recommended.push_back(s.index);
      ++slots;
      if (popular[s.index]) ++popular_slots;
    }
    evaluation.relevant = split.input.held_out[u];
    evaluations.push_back(std::move(evaluation));
  }
  const RankingMetrics metrics = evaluate_rankings(evaluations, std::max<size_t>(catalog_size, 1));
  out = metrics.by_name();
  out["popularity_bias_at_25"] = slots == 0 ? 0.0 : static_cast<double>(popular_slots) / static_cast<double>(slots);
  out["metrics_test_users"] = static_cast<double>(metrics.users);
  return out;
}

}  // namespace edgerec
