// Stored user interactions as recent interactions.
#include "edgerec/recent_interactions.h"

#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

std::vector<RecentInteraction> user_events(const fb::UserHistories* h, std::optional<uint32_t> user) {
  std::vector<RecentInteraction> out;
  if (!user || h == nullptr) return out;
  const uint32_t begin = h->offsets()->Get(*user);
  const uint32_t end = h->offsets()->Get(*user + 1);
  const bool has_times = h->timestamps() != nullptr && h->timestamps()->size() != 0;
  const bool has_types = h->event_types() != nullptr && h->event_types()->size() != 0;
  const bool has_weights = h->weights() != nullptr && h->weights()->size() != 0;
  out.reserve(end - begin);
  for (uint32_t e = begin; e < end; ++e) {
    RecentInteraction r;
    r.item = h->items()->Get(e);
    r.timestamp = has_times ? h->timestamps()->Get(e) : static_cast<int64_t>(e - begin);
    if (has_types) r.event_type = h->event_type_names()->Get(h->event_types()->Get(e))->string_view();
    if (has_weights) r.weight = h->weights()->Get(e);
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<RecentInteraction> stored_recent_interactions(const Solution& solution, std::optional<uint32_t> user) {
  const fb::Solution& root = solution.root();
  return user_events(root.recent_interactions() != nullptr ? root.recent_interactions() : root.histories(), user);
}

std::vector<RecentInteraction> stored_trained_events(const Solution& solution, std::optional<uint32_t> user) {
  return user_events(solution.root().histories(), user);
}

bool serves_interaction_filters(const Solution& solution) {
  const fb::Solution& root = solution.root();
  return root.recent_interactions() != nullptr || root.histories() != nullptr || solution.is_edge_bundle();
}

}  // namespace edgerec
