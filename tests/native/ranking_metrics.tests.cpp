// Ranking metrics against hand-computed cases (Personalize's definitions).
#include <catch2/catch.hpp>

#include <cmath>

#include "eval/ranking_metrics.h"

using edgerec::evaluate_rankings;
using edgerec::ndcg_at;
using edgerec::UserEvaluation;

TEST_CASE("metrics: AWS's NDCG example (hits at 2 and 5, K=5) is 0.6241", "[metrics]") {
  // relevant items 20 and 50 sit at positions 2 and 5
  const std::vector<uint32_t> recommended = {10, 20, 30, 40, 50};
  CHECK(ndcg_at(recommended, {20, 50}, 5) == Approx(0.6241).epsilon(1e-4));
  const double expected = (1 / std::log(3.0) + 1 / std::log(6.0)) / (1 / std::log(2.0) + 1 / std::log(3.0));
  CHECK(ndcg_at(recommended, {20, 50}, 5) == Approx(expected));
}

TEST_CASE("metrics: fewer relevant items than K caps the ideal DCG", "[metrics]") {
  CHECK(ndcg_at({7, 1, 2}, {7}, 10) == Approx(1.0));
  CHECK(ndcg_at({1, 7, 2}, {7}, 10) == Approx(1.0 / std::log2(3.0)));
  CHECK(ndcg_at({1, 2, 3}, {7}, 10) == 0.0);
  CHECK(ndcg_at({1, 2, 3}, {}, 10) == 0.0);
}

TEST_CASE("metrics: precision, recall, MRR, coverage averaged over users", "[metrics]") {
  std::vector<UserEvaluation> users(3);
  // user 0: hits at positions 1 and 6; 4 relevant items
  users[0].recommended = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  users[0].relevant = {1, 6, 90, 91};
  // user 1: no recommendations at all (scores 0 everywhere)
  users[1].relevant = {3};
  // user 2: first hit at position 3
  users[2].recommended = {11, 12, 13};
  users[2].relevant = {13};
  const auto m = evaluate_rankings(users, 100);
  CHECK(m.users == 3);
  CHECK(m.precision_at_5 == Approx((1.0 / 5 + 0 + 1.0 / 5) / 3));
  CHECK(m.precision_at_10 == Approx((2.0 / 10 + 0 + 1.0 / 10) / 3));
  CHECK(m.recall_at_5 == Approx((1.0 / 4 + 0 + 1.0) / 3));
  CHECK(m.recall_at_25 == Approx((2.0 / 4 + 0 + 1.0) / 3));
  CHECK(m.mean_reciprocal_rank_at_25 == Approx((1.0 + 0 + 1.0 / 3) / 3));
  const double user0_ndcg10 = (1.0 + 1.0 / std::log2(7.0)) / (1.0 + 1.0 / std::log2(3.0) + 0.5 + 1.0 / std::log2(5.0));
  CHECK(m.ndcg_at_10 == Approx((user0_ndcg10 + 0 + 0.5) / 3));
  CHECK(m.coverage == Approx(13.0 / 100));
  CHECK(m.by_name().at("normalized_discounted_cumulative_gain_at_10") == Approx(m.ndcg_at_10));
  CHECK(m.by_name().size() == 11);
}

TEST_CASE("metrics: ties and duplicates in the relevant set count once", "[metrics]") {
  CHECK(ndcg_at({5, 6}, {5, 5, 5}, 5) == Approx(1.0));
}

TEST_CASE("metrics: an empty test set evaluates nobody and gives zeros", "[metrics]") {
  std::vector<UserEvaluation> users(2);
  users[0].recommended = {1, 2};
  const auto m = evaluate_rankings(users, 10);
  CHECK(m.users == 0);
  CHECK(m.ndcg_at_10 == 0.0);
  CHECK(m.coverage == 0.0);
  CHECK(evaluate_rankings({}, 0).coverage == 0.0);
}
