// Personalized scoring: factor scores for the user's vector plus transitions from recent events.
#include "edgerec/personalized_scoring.h"

#include <algorithm>
#include <cmath>

#include "edgerec/factor_scoring.h"
#include "edgerec/solution_generated.h"

namespace edgerec {

UserSignal stored_user_signal(const Solution& solution, std::optional<uint32_t> user) {
  UserSignal signal;
  if (!user) return signal;
  if (const fb::FactorModel* factors = solution.root().factors()) {
    signal.factors = stored_user_vector(*factors, *user);
  }
  if (const fb::UserHistories* h = solution.root().histories()) {
    const uint32_t begin = h->offsets()->Get(*user);
    const uint32_t end = h->offsets()->Get(*user + 1);
    for (uint32_t e = begin; e < end; ++e) signal.recent_items.push_back(h->items()->Get(e));
  }
  return signal;
}

void personalized_logits(const Solution& solution, const UserSignal& signal, std::vector<float>& logits) {
  const uint32_t items = solution.items().size();
  logits.assign(items, 0.0f);
  const fb::FactorModel* factors = solution.root().factors();
  if (factors != nullptr && signal.factors != nullptr) {
    score_all_items(*factors, items, signal.factors, logits.data());
  }
  // Sequence part: transitions out of the latest events, newest first, decaying with age.
  const fb::SequenceModel* sequence = solution.root().sequence();
  if (sequence == nullptr || signal.recent_items.empty() || sequence->weight() == 0.0f) return;
  const size_t used = std::min<size_t>(signal.recent_items.size(), sequence->history_length());
  float step_weight = sequence->weight();
  for (size_t m = 0; m < used; ++m) {
    const uint32_t from = signal.recent_items[signal.recent_items.size() - 1 - m];
    const uint32_t begin = sequence->offsets()->Get(from);
    const uint32_t end = sequence->offsets()->Get(from + 1);
    for (uint32_t e = begin; e < end; ++e) logits[sequence->next_items()->Get(e)] += step_weight * sequence->scores()->Get(e);
    step_weight *= sequence->history_decay();
  }
}

void softmax_scores(const std::vector<float>& all_logits, std::vector<ScoredItem>& selected) {
  if (all_logits.empty()) return;
  const float max_logit = *std::max_element(all_logits.begin(), all_logits.end());
  double sum = 0.0;
  for (const float l : all_logits) sum += std::exp(static_cast<double>(l - max_logit));
  for (ScoredItem& item : selected) {
    item.score = static_cast<float>(std::exp(static_cast<double>(all_logits[item.index] - max_logit)) / sum);
  }
}

}  // namespace edgerec
