// Item exploration: candidates and the interleaved list.
#include "serve/item_exploration.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "format/metadata_column.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

// floor(n * w) for the slot rule, robust to w's binary rounding (0.3 * 10 must give 3).
int64_t slots_before(size_t n, double w) { return static_cast<int64_t>(std::floor(static_cast<double>(n) * w + 1e-9)); }

}  // namespace

Result<std::shared_ptr<const ItemExploration>> ItemExploration::build(const Solution& solution,
                                                                      const ItemExplorationConfig& config) {
  const fb::RecipeType type = solution.root().metadata()->recipe_type();
  if (type != fb::RecipeType::USER_PERSONALIZATION) {
    return invalid_input("campaignConfig.itemExplorationConfig is for User-Personalization solutions only; recipe " +
                         std::string(solution.recipe()) + " is " + fb::EnumNameRecipeType(type));
  }
  auto e = std::make_shared<ItemExploration>();
  e->config_ = config;
  const uint32_t items = solution.items().size();
  e->candidates_.assign(items, 0);
  const std::optional<ColumnView> created =
      ColumnView::find(solution.root().items()->columns(), "CREATION_TIMESTAMP");
  if (const fb::TrainingDataSummary* t = solution.root().metadata()->training_data()) {
    e->reference_time_ = t->max_timestamp();
  }
  if (e->reference_time_ <= 0 && created) {
    for (uint32_t i = 0; i < items; ++i) {
      if (const std::optional<double> c = created->number(i)) e->reference_time_ = std::max(e->reference_time_, static_cast<int64_t>(*c));
    }
  }
  // Compared in double: a cut-off of many days must not overflow.
  const double oldest = static_cast<double>(e->reference_time_) - config.age_cut_off_days * kSecondsPerDay;
  const fb::PopularityModel* popularity = solution.root().popularity();
  for (uint32_t i = 0; i < items; ++i) {
    const std::optional<double> c = created ? created->number(i) : std::nullopt;
    bool candidate = false;
    if (c) candidate = *c >= oldest;
    else if (popularity != nullptr) candidate = popularity->user_counts()->Get(i) == 0;
    e->candidates_[i] = candidate ? 1 : 0;
    e->candidate_count_ += candidate ? 1 : 0;
  }
  return std::shared_ptr<const ItemExploration>(std::move(e));
}

bool ItemExploration::explores_slot(size_t slot) const {
  if (config_.weight <= 0.0) return false;
  return slots_before(slot + 1, config_.weight) > slots_before(slot, config_.weight);
}

std::vector<ExploredItem> explore_top_k(const ItemExploration& exploration, const float* scores, size_t count,
                                        size_t k, const uint8_t* allowed) {
  // The k best overall and the k best candidates are enough: each kind loses at most the slots
  // the other kind takes from it.
  const std::vector<ScoredItem> best = top_k(scores, count, k, allowed);
  std::vector<uint8_t> candidate_mask(exploration.candidates());
  candidate_mask.resize(count, 0);
  if (allowed != nullptr) {
    for (size_t i = 0; i < count; ++i) candidate_mask[i] &= static_cast<uint8_t>(allowed[i] != 0);
  }
  const std::vector<ScoredItem> explore = top_k(scores, count, k, candidate_mask.data());
  std::vector<uint8_t> used(count, 0);
  std::vector<ExploredItem> out;
  out.reserve(k);
  size_t next_best = 0;
  size_t next_explore = 0;
  // The next unused entry of `list` from `at`, or nullptr when it is exhausted.
  auto take = [&](const std::vector<ScoredItem>& list, size_t& at) -> const ScoredItem* {
    while (at < list.size() && used[list[at].index]) ++at;
    return at < list.size() ? &list[at++] : nullptr;
  };
  for (size_t slot = 0; slot < k; ++slot) {
    const bool explore_slot = exploration.explores_slot(slot);
    const ScoredItem* pick = explore_slot ? take(explore, next_explore) : take(best, next_best);
    bool explored = explore_slot && pick != nullptr;
    if (pick == nullptr) {
      pick = explore_slot ? take(best, next_best) : take(explore, next_explore);
      explored = !explore_slot && pick != nullptr;
    }
    if (pick == nullptr) break;
    used[pick->index] = 1;
    out.push_back({*pick, explored});
  }
  return out;
}

}  // namespace edgerec
