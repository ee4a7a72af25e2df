// Top-k order and ties are defined: score descending, then index ascending; NaN never selected.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "edgerec/topk.h"

using edgerec::ScoredItem;
using edgerec::top_k;

namespace {

std::vector<uint32_t> indices(const std::vector<ScoredItem>& items) {
  std::vector<uint32_t> out;
  for (const auto& i : items) out.push_back(i.index);
  return out;
}

}  // namespace

TEST_CASE("topk: highest scores first", "[topk]") {
  const std::vector<float> scores = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f};
  CHECK(indices(top_k(scores.data(), scores.size(), 3)) == std::vector<uint32_t>{1, 3, 2});
}

TEST_CASE("topk: ties break by ascending index, also at the cut-off", "[topk]") {
  const std::vector<float> scores = {0.5f, 0.9f, 0.5f, 0.5f, 0.9f, 0.1f};
  CHECK(indices(top_k(scores.data(), scores.size(), 6)) == std::vector<uint32_t>{1, 4, 0, 2, 3, 5});
  CHECK(indices(top_k(scores.data(), scores.size(), 3)) == std::vector<uint32_t>{1, 4, 0});
  const std::vector<float> equal(10, 1.0f);
  CHECK(indices(top_k(equal.data(), equal.size(), 4)) == std::vector<uint32_t>{0, 1, 2, 3});
}

TEST_CASE("topk: k larger than n, k zero, empty input", "[topk]") {
  const std::vector<float> scores = {0.2f, 0.4f};
  CHECK(indices(top_k(scores.data(), scores.size(), 10)) == std::vector<uint32_t>{1, 0});
  CHECK(top_k(scores.data(), scores.size(), 0).empty());
  CHECK(top_k(nullptr, 0, 5).empty());
}

TEST_CASE("topk: NaN is never selected, infinities order normally", "[topk]") {
  const std::vector<float> scores = {NAN, -INFINITY, 1.0f, INFINITY, NAN};
  CHECK(indices(top_k(scores.data(), scores.size(), 5)) == std::vector<uint32_t>{3, 2, 1});
}

TEST_CASE("topk: agrees with a full sort on random data with many ties", "[topk]") {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> value(0, 50);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<float> scores(1000);
    for (auto& s : scores) s = static_cast<float>(value(rng)) / 10.0f;
    std::vector<ScoredItem> all;
    for (uint32_t i = 0; i < scores.size(); ++i) all.push_back({i, scores[i]});
    std::sort(all.begin(), all.end(), edgerec::ranks_before);
    const size_t k = static_cast<size_t>(trial * 7 + 1);
    const auto got = top_k(scores.data(), scores.size(), k);
    REQUIRE(got.size() == k);
    for (size_t i = 0; i < k; ++i) {
      CHECK(got[i].index == all[i].index);
      CHECK(got[i].score == all[i].score);
    }
  }
}
