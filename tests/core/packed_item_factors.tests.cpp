// The packed, norm-sorted int8 copy (packed_item_factors.h): the packed kernel
// (AVX-512 VNNI on CPUs with it, else its portable reference) gives the scalar
// row kernel's bits for every item; positions are in decreasing |item| * scale
// with bounds that hold; and the early-stopping top-k over it returns exactly
// what the full scan returns, with ties, masks, biases of either sign, NaN and
// zero user vectors.
#include "scoring/packed_item_factors.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "scoring/factor_scoring.h"
#include "edgerec/topk.h"
#include "support/factor_models.h"
#include "support/fixtures.h"

using edgerec::FactorQuery;
using edgerec::PackedItemFactors;
using edgerec::testing::build_model;
using edgerec::testing::ModelBuffer;
using edgerec::testing::random_int8;
using edgerec::testing::random_rows;
using edgerec::testing::uniform;

namespace {

double item_norm(const int8_t* row, uint32_t dims, float scale) {
  double squares = 0.0;
  for (uint32_t d = 0; d < dims; ++d) squares += static_cast<double>(row[d]) * static_cast<double>(row[d]);
  return std::sqrt(squares) * std::fabs(static_cast<double>(scale));
}

/// Same ids and same score bits, in the same order.
void require_same_lists(const std::vector<edgerec::ScoredItem>& actual,
                        const std::vector<edgerec::ScoredItem>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (size_t r = 0; r < actual.size(); ++r) {
    INFO("rank " << r);
    CHECK(actual[r].index == expected[r].index);
    CHECK(std::memcmp(&actual[r].score, &expected[r].score, sizeof(float)) == 0);
  }
}

}  // namespace

TEST_CASE("packed kernel: the scalar row kernel's bits at every position, odd shapes, extreme values",
          "[packed_item_factors]") {
  INFO("packed kernel: " << (edgerec::packed_scoring_available() ? "avx512-vnni" : "portable reference"));
  std::mt19937 rng(61);
  for (const uint32_t dims : {1u, 3u, 4u, 17u, 64u, 130u}) {
    for (const size_t n : {size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{33}, size_t{1001}}) {
      // -128 only comes from damaged files, but the arithmetic must hold for it
      // too.
      const std::vector<int8_t> rows = random_int8(rng, n * dims, n == 33 ? -128 : -127);
      std::vector<float> scales(n);
      for (float& s : scales) s = uniform(rng, 1e-4f, 1e-1f);
      for (const int user_kind : {0, 1, 2}) {
        std::vector<float> user = random_rows(rng, 1, dims);
        if (user_kind == 1) user.assign(dims, 0.0f);
        if (user_kind == 2) user[0] = 1e30f;  // every other coordinate quantises to (nearly) 0
        const FactorQuery query(user.data(), dims);
        std::vector<float> expected(n);
        edgerec::score_rows_i8(rows.data(), scales.data(), n, query, expected.data(), edgerec::ScoringKernel::kScalar);
        const PackedItemFactors packed(rows.data(), scales.data(), nullptr, n, dims);
        REQUIRE(packed.items() == n);
        std::vector<float> actual(n, -1.0f);
        for (const auto kernel : {edgerec::ScoringKernel::kScalar, edgerec::ScoringKernel::kAvx512}) {
          edgerec::score_packed_i8(packed, 0, n, query, actual.data(), kernel);
          for (size_t p = 0; p < n; ++p) {
            INFO("dims " << dims << ", items " << n << ", user " << user_kind << ", position " << p << ", kernel "
                         << edgerec::scoring_kernel_name(kernel));
            REQUIRE(std::memcmp(&actual[p], &expected[packed.order()[p]], sizeof(float)) == 0);
          }
        }
        edgerec::score_packed_i8(packed, 0, n, query, actual.data());
        // A later start (a whole block in) scores the same positions.
        if (n > PackedItemFactors::kBlockItems) {
          std::vector<float> tail(n - PackedItemFactors::kBlockItems);
          edgerec::score_packed_i8(packed, PackedItemFactors::kBlockItems, tail.size(), query, tail.data());
          CHECK(std::memcmp(tail.data(), actual.data() + PackedItemFactors::kBlockItems, tail.size() * 4) == 0);
        }
      }
    }
  }
}

TEST_CASE("packed copy: positions in decreasing norm, every block bound covers its items and the later ones",
          "[packed_item_factors]") {
  std::mt19937 rng(62);
  const uint32_t dims = 24;
  const size_t n = 999;
  const std::vector<int8_t> rows = random_int8(rng, n * dims);
  std::vector<float> scales(n);
  for (float& s : scales) s = std::pow(10.0f, uniform(rng, -4.0f, 0.0f));
  std::vector<float> biases(n);
  for (float& b : biases) b = uniform(rng, -2.0f, -1.0f);
  const PackedItemFactors packed(rows.data(), scales.data(), biases.data(), n, dims);
  std::vector<bool> seen(n, false);
  double previous = std::numeric_limits<double>::infinity();
  for (size_t p = 0; p < n; ++p) {
    const uint32_t item = packed.order()[p];
    REQUIRE(item < n);
    CHECK_FALSE(seen[item]);
    seen[item] = true;
    const double norm = item_norm(rows.data() + item * dims, dims, scales[item]);
    CHECK(norm <= previous);
    previous = norm;
    CHECK(static_cast<double>(packed.block_norm_bound(p / PackedItemFactors::kBlockItems)) >= norm);
    CHECK(packed.scales()[p] == scales[item]);
    CHECK(packed.biases()[p] == biases[item]);
  }
  // Every bias is negative: the bound is the largest of them, not 0.
  CHECK(packed.max_bias() == *std::max_element(biases.begin(), biases.end()));
}

TEST_CASE("top_k_items over the packed copy equals the full scan: ties, masks, biases, NaN and zero users",
          "[packed_item_factors]") {
  std::mt19937 rng(63);
  for (const uint32_t dims : {8u, 64u}) {
    for (const int bias_kind : {0, 1, 2}) {  // none, positive, negative
      for (const bool ties : {true, false}) {
        const uint32_t items = 3001;
        // Rows with magnitudes over three orders, so the search stops early.
        // With `ties`, only a few distinct rows, so many scores tie exactly.
        std::vector<float> factors = random_rows(rng, items, dims);
        const std::vector<float> patterns = random_rows(rng, 9, dims);
        for (uint32_t i = 0; ties && i < items; ++i) {
          std::copy_n(patterns.begin() + (rng() % 9) * dims, dims, factors.begin() + static_cast<size_t>(i) * dims);
        }
        std::vector<float> biases;
        if (bias_kind != 0) {
          biases.resize(items);
          for (float& b : biases) b = (bias_kind == 1 ? 1.0f : -1.0f) * static_cast<float>(rng() % 4) * 0.25f;
        }
        ModelBuffer buffer;
        build_model(buffer, dims, factors, /*int8=*/true, biases);
        const auto& model = *buffer.model;
        const PackedItemFactors packed(reinterpret_cast<const int8_t*>(model.item_factors_i8()->data()),
                                       model.item_scales()->data(),
                                       bias_kind != 0 ? model.item_biases()->data() : nullptr, items, dims);
        std::vector<uint8_t> allowed(items);
        for (uint8_t& a : allowed) a = static_cast<uint8_t>(rng() % 3 != 0);
        std::vector<std::vector<float>> users = {random_rows(rng, 1, dims), random_rows(rng, 1, dims),
                                                 std::vector<float>(dims, 0.0f), random_rows(rng, 1, dims)};
        users[3][dims / 2] = std::numeric_limits<float>::quiet_NaN();
        for (size_t u = 0; u < users.size(); ++u) {
          for (const size_t k : {size_t{1}, size_t{25}, size_t{500}, size_t{3001}}) {
            for (const uint8_t* mask : std::vector<const uint8_t*>{nullptr, allowed.data()}) {
              INFO("dims " << dims << ", biases " << bias_kind << ", ties " << ties << ", user " << u << ", k " << k
                           << ", mask " << (mask != nullptr));
              const auto expected = edgerec::top_k_items(model, items, users[u].data(), k, mask);
              const auto actual = edgerec::top_k_items(model, items, users[u].data(), k, mask, &packed);
              require_same_lists(actual, expected);
            }
          }
        }
      }
    }
  }
}

TEST_CASE("top_k_items ignores a packed copy that does not match the model", "[packed_item_factors]") {
  std::mt19937 rng(64);
  const uint32_t dims = 16;
  const std::vector<float> factors = random_rows(rng, 100, dims);
  ModelBuffer buffer;
  build_model(buffer, dims, factors, /*int8=*/true);
  const std::vector<int8_t> other = random_int8(rng, 50 * dims);
  const std::vector<float> scales(50, 0.01f);
  const PackedItemFactors smaller(other.data(), scales.data(), nullptr, 50, dims);
  const std::vector<float> user = random_rows(rng, 1, dims);
  require_same_lists(edgerec::top_k_items(*buffer.model, 100, user.data(), 10, nullptr, &smaller),
                     edgerec::top_k_items(*buffer.model, 100, user.data(), 10));
}

TEST_CASE("Solution: the packed copy is made on first use, once, for int8 factor models on CPUs that use it",
          "[packed_item_factors]") {
  std::mt19937 rng(65);
  edgerec::testing::SolutionSpec spec;
  spec.recipe = "user-personalization";
  spec.recipe_type = 1;
  spec.items = 700;
  spec.users = 3;
  spec.dimensions = 16;
  spec.item_factors = random_rows(rng, spec.items, spec.dimensions);
  spec.user_factors = random_rows(rng, spec.users, spec.dimensions);
  for (const bool int8 : {true, false}) {
    spec.int8_item_factors = int8;
    const std::vector<uint8_t> bytes = edgerec::testing::build_solution(spec);
    auto loaded = edgerec::Solution::load(bytes.data(), bytes.size());
    REQUIRE(loaded.ok());
    const edgerec::Solution& solution = **loaded;
    const PackedItemFactors* packed = solution.packed_item_factors();
    INFO("int8 " << int8 << ", packed kernel " << edgerec::packed_scoring_available());
    CHECK((packed != nullptr) == (int8 && edgerec::packed_scoring_available()));
    CHECK(solution.packed_item_factors() == packed);
    const auto& model = *solution.root().factors();
    for (uint32_t u = 0; u < spec.users; ++u) {
      const float* user = edgerec::stored_user_vector(model, u);
      require_same_lists(edgerec::top_k_items(model, spec.items, user, 25, nullptr, packed),
                         edgerec::top_k_items(model, spec.items, user, 25));
    }
  }
}
