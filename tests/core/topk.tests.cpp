// Top-k order and ties are defined: score descending, then index ascending; NaN never selected.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

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

TEST_CASE("topk: BlockTopK offered out of index order, in blocks, with masks, NaN and -inf ties", "[topk]") {
  std::mt19937 rng(43);
  for (int trial = 0; trial < 40; ++trial) {
    const size_t n = 500 + static_cast<size_t>(trial) * 37;
    std::vector<float> scores(n);
    for (auto& s : scores) {
      const uint32_t r = rng() % 40;
      s = r == 0 ? NAN : r == 1 ? -INFINITY : static_cast<float>(r % 9) / 4.0f;
    }
    std::vector<uint8_t> allowed(n);
    for (auto& a : allowed) a = static_cast<uint8_t>(rng() % 4 != 0);
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    const size_t k = trial % 3 == 0 ? n : static_cast<size_t>(trial * 5 + 1);
    for (const bool masked : {false, true}) {
      INFO("trial " << trial << ", masked " << masked);
      std::vector<ScoredItem> expected;
      for (uint32_t i = 0; i < n; ++i) {
        if (!std::isnan(scores[i]) && (!masked || allowed[i] != 0)) expected.push_back({i, scores[i]});
      }
      std::sort(expected.begin(), expected.end(), edgerec::ranks_before);
      if (expected.size() > k) expected.resize(k);
      // Offered in shuffled order, in blocks of uneven size.
      edgerec::BlockTopK selector(k, /*in_index_order=*/false);
      std::vector<float> shuffled(n);
      for (size_t p = 0; p < n; ++p) shuffled[p] = scores[order[p]];
      for (size_t begin = 0; begin < n;) {
        const size_t count = std::min(n - begin, size_t{1} + rng() % 100);
        selector.offer(shuffled.data() + begin, count, 0, order.data() + begin, masked ? allowed.data() : nullptr);
        begin += count;
      }
      const auto got = selector.take();
      REQUIRE(got.size() == expected.size());
      for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].index == expected[i].index);
        CHECK(got[i].score == expected[i].score);
      }
      // In index order through top_k, the same list.
      const auto direct = top_k(scores.data(), n, k, masked ? allowed.data() : nullptr);
      REQUIRE(direct.size() == expected.size());
      for (size_t i = 0; i < direct.size(); ++i) CHECK(direct[i].index == expected[i].index);
    }
  }
}

TEST_CASE("topk: BlockTopK out of index order when the k-th best is -inf", "[topk]") {
  // Mostly -inf: the threshold falls to -inf while k-th place is still decided by index.
  std::vector<float> scores(1000, -INFINITY);
  for (uint32_t i = 0; i < 1000; i += 50) scores[i] = static_cast<float>(i);
  std::vector<uint32_t> order(1000);
  for (uint32_t i = 0; i < 1000; ++i) order[i] = 999 - i;  // highest index first
  std::vector<float> reversed(1000);
  for (uint32_t p = 0; p < 1000; ++p) reversed[p] = scores[order[p]];
  edgerec::BlockTopK selector(200, /*in_index_order=*/false);
  selector.offer(reversed.data(), reversed.size(), 0, order.data());
  const auto got = selector.take();
  const auto expected = top_k(scores.data(), scores.size(), 200);
  REQUIRE(got.size() == 200);
  CHECK(indices(got) == indices(expected));
}
