// The trainer's order-aware weightings: recency-weighted user rows and the transition table's
// window, lag decay and backward weight, against hand-computed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "support/training_sets.h"
#include "interactions/training_set.h"
#include "train/transitions.h"
#include "train/user_personalization.h"

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
  edgerec::ConfidenceWeighting recency;
  recency.recency.boost = 4.0f;
  recency.recency.halflife = 1.0f;
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

// --- Events that share a timestamp: no order is read among them (edgerec/event_order.h) --------

namespace {

// training_set_of with the given times (per user, oldest first).
edgerec::TrainingSet timed(const std::vector<std::vector<uint32_t>>& users, const std::vector<std::vector<int64_t>>& times,
                           uint32_t items) {
  edgerec::TrainingSet set = training_set_of(users, items);
  set.times.clear();
  for (const auto& t : times) set.times.insert(set.times.end(), t.begin(), t.end());
  REQUIRE(set.times.size() == set.events());
  return set;
}

}  // namespace

TEST_CASE("ties: recency counts steps between timestamps, tied events alike", "[recipes][ties]") {
  // Items 0, 1 at t=5, then 2 at t=9: steps back 1, 1, 0.
  const edgerec::TrainingSet set = timed({{0, 1, 2}}, {{5, 5, 9}}, 3);
  edgerec::ConfidenceWeighting w;
  w.recency.boost = 4.0f;
  w.recency.halflife = 1.0f;
  auto m = edgerec::user_item_matrix(set, w);
  REQUIRE(m.ok());
  CHECK(entry(*m, 0, 0) == Approx(1.0f + 2.0f));  // one step back
  CHECK(entry(*m, 0, 1) == Approx(1.0f + 2.0f));  // the same: tied with item 0
  CHECK(entry(*m, 0, 2) == Approx(1.0f + 4.0f));
  CHECK(edgerec::ordered_fraction(set) == Approx(0.5));
}

TEST_CASE("ties: transitions only join events of different timestamps, lag in steps", "[recipes][ties]") {
  // 0 and 1 tied at t=1, then 2 at t=2, then 3 at t=3.
  const edgerec::TrainingSet set = timed({{0, 1, 2, 3}}, {{1, 1, 2, 3}}, 4);
  edgerec::TransitionOptions o;
  o.window = 1;
  o.popularity_discount = 0.0f;
  o.backward_weight = 1.0f;
  const auto t = edgerec::build_transitions(set, o);
  CHECK(transition(t, 0, 1) == 0.0f);  // tied: neither follows the other
  CHECK(transition(t, 1, 0) == 0.0f);
  CHECK(transition(t, 0, 2) == Approx(1.0f));  // the next step, one window
  // From 2: the step before (0 and 1, sharing its weight) and the one after (3).
  CHECK(transition(t, 2, 0) == Approx(0.25f));
  CHECK(transition(t, 2, 1) == Approx(0.25f));
  CHECK(transition(t, 2, 3) == Approx(0.5f));
  // With tie_weight, tied events are each other's transitions, both ways alike.
  o.tie_weight = 1.0f;
  const auto tied = edgerec::build_transitions(set, o);
  CHECK(transition(tied, 0, 1) == Approx(0.5f));  // from 0: 1 (tied, 1) and 2 (next step, 1)
  CHECK(transition(tied, 1, 0) == Approx(0.5f));
  CHECK(transition(tied, 0, 2) == Approx(0.5f));
  o.tie_weight = 0.0f;
  // Every event at one time: no transitions at all.
  const auto none = edgerec::build_transitions(timed({{0, 1, 2, 3}}, {{7, 7, 7, 7}}, 4), o);
  CHECK(none.next.empty());
  CHECK(edgerec::ordered_fraction(timed({{0, 1, 2, 3}}, {{7, 7, 7, 7}}, 4)) == 0.0);
}

TEST_CASE("ties: the sequence part reads the newest step whole, whatever order its events are in", "[recipes][ties]") {
  const edgerec::TrainingSet forward = timed({{0, 1}, {2, 3}}, {{1, 2}, {3, 3}}, 4);
  edgerec::TransitionOptions o;
  o.window = 1;
  o.popularity_discount = 0.0f;
  const auto t = edgerec::build_transitions(timed({{2, 0, 3, 1}}, {{1, 2, 3, 4}}, 4), o);  // 2->0, 0->3, 3->1
  std::vector<float> a(4), b(4);
  // User 1's newest step holds 2 and 3 (tied): each contributes half, in either order.
  edgerec::sequence_scores(t, forward, 1, 1, 0.5f, a);
  const edgerec::TrainingSet swapped = timed({{0, 1}, {3, 2}}, {{1, 2}, {3, 3}}, 4);
  edgerec::sequence_scores(t, swapped, 1, 1, 0.5f, b);
  CHECK(a == b);
  CHECK(a[0] == Approx(0.5f));  // from 2
  CHECK(a[1] == Approx(0.5f));  // from 3
}

TEST_CASE("ties: splits hold out at random among tied events, by the seed", "[recipes][ties]") {
  // 40 events at one time, in item order (as a sorted export would list them).
  std::vector<uint32_t> items(40);
  for (uint32_t i = 0; i < 40; ++i) items[i] = i;
  edgerec::InteractionsTable data;
  data.user_ids = {"u"};
  for (uint32_t i = 0; i < 40; ++i) {
    data.item_ids.push_back("i" + std::to_string(i));
    data.users.push_back(0);
    data.items.push_back(i);
    data.timestamps.push_back(1000);
  }
  auto held = [&](uint64_t seed) {
    auto set = edgerec::build_training_set(data, {}, seed);
    REQUIRE(set.ok());
    return edgerec::split_newest(*set, 0.25).held_out[0];
  };
  const std::vector<uint32_t> one = held(1);
  REQUIRE(one.size() == 10);
  CHECK(one == held(1));  // deterministic for a seed
  CHECK(one != held(2));  // and differs between seeds
  // Not the file's last ten (items 30..39), which a stable sort would hold out.
  size_t last_ten = 0;
  for (const uint32_t i : one) last_ten += i >= 30 ? 1 : 0;
  CHECK(last_ten < 10);
}

TEST_CASE("value weighting: 1 + log(1 + EVENT_VALUE), only when asked", "[recipes]") {
  edgerec::TrainingSet set = training_set_of({{0, 1, 2}}, 3);
  set.values = {3.0f, std::nanf(""), 0.0f};
  edgerec::ConfidenceWeighting plain;
  edgerec::ConfidenceWeighting by_value;
  by_value.by_value = true;
  auto m = edgerec::user_item_matrix(set, by_value);
  REQUIRE(m.ok());
  CHECK(entry(*m, 0, 0) == Approx(1.0f + std::log1p(3.0f)));
  CHECK(entry(*m, 0, 1) == 1.0f);  // no value
  CHECK(entry(*m, 0, 2) == 1.0f);  // not positive
  CHECK(entry(*edgerec::user_item_matrix(set, plain), 0, 0) == 1.0f);
}
