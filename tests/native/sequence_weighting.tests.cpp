// The trainer's order-aware weightings: recency-weighted user rows and the transition table's
// window, lag decay and backward weight, against hand-computed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "support/training_sets.h"
#include "train/training_set.h"
#include "train/transitions.h"

using edgerec::testing::training_set_of;

namespace {

float entry(const edgerec::CsrMatrix& m, uint32_t row, uint32_t col) {
  for (size_t e = m.offsets[row]; e < m.offsets[row + 1]; ++e) {
    if (m.indices[e] == col) return m.values[e];
  }
  return 0.0f;
}

float transition(const edgerec::TransitionTable& t, uint32_t from, uint32_t to) {
  for (uint32_t e = t.offsets[from]; e < t.offsets[from + 1]; ++e) {
    if (t.next[e] == to) return t.scores[e];
  }
  return 0.0f;
}

}  // namespace

TEST_CASE("recency weighting: the newest events count more, halving every halflife events", "[recipes]") {
  // User 0: items 0, 1, 2, 1 (oldest first): ranks from the newest 3, 2, 1, 0.
  const edgerec::TrainingSet set = training_set_of({{0, 1, 2, 1}}, 3);
  auto plain = edgerec::user_item_matrix(set);
  REQUIRE(plain.ok());
  CHECK(entry(*plain, 0, 1) == 2.0f);  // repeated interactions add up
  edgerec::RecencyWeighting recency;
  recency.boost = 4.0f;
  recency.halflife = 1.0f;
  auto weighted = edgerec::user_item_matrix(set, recency);
  REQUIRE(weighted.ok());
  CHECK(entry(*weighted, 0, 0) == Approx(1.0f + 4.0f / 8.0f));                       // rank 3
  CHECK(entry(*weighted, 0, 2) == Approx(1.0f + 4.0f / 2.0f));                       // rank 1
  CHECK(entry(*weighted, 0, 1) == Approx((1.0f + 4.0f / 4.0f) + (1.0f + 4.0f)));     // ranks 2 and 0
  CHECK(edgerec::RecencyWeighting{}.factor(0) == 1.0f);
}

TEST_CASE("transitions: window, lag decay and backward weight", "[recipes]") {
  // 0 -> 1 -> 2 -> 3 for one user.
  const edgerec::TrainingSet set = training_set_of({{0, 1, 2, 3}}, 4);
  edgerec::TransitionOptions o;
  o.window = 2;
  o.lag_decay = 0.5f;
  o.popularity_discount = 0.0f;
  const auto forward = edgerec::build_transitions(set, o);
  // From 1: 2 at lag 1 (weight 1), 3 at lag 2 (0.5); normalised to sum 1.
  CHECK(transition(forward, 1, 2) == Approx(1.0f / 1.5f));
  CHECK(transition(forward, 1, 3) == Approx(0.5f / 1.5f));
  CHECK(transition(forward, 1, 0) == 0.0f);  // successors only
  CHECK(transition(forward, 3, 0) == 0.0f);  // nothing follows the last event

  o.backward_weight = 0.5f;
  const auto both = edgerec::build_transitions(set, o);
  // From 1: 2 (1), 3 (0.5) ahead and 0 (0.5 * 1) behind: total 2.
  CHECK(transition(both, 1, 2) == Approx(1.0f / 2.0f));
  CHECK(transition(both, 1, 0) == Approx(0.5f / 2.0f));
  // From 3: only predecessors, 2 (0.5) and 1 (0.25).
  CHECK(transition(both, 3, 2) == Approx(0.5f / 0.75f));
  CHECK(transition(both, 3, 1) == Approx(0.25f / 0.75f));

  o.backward_weight = 0.0f;
  o.lag_decay = 1.0f;
  const auto flat = edgerec::build_transitions(set, o);
  CHECK(transition(flat, 1, 2) == Approx(transition(flat, 1, 3)));
}
