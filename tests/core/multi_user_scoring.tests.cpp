// Scoring several users at once (scoring/multi_user_scoring.h): the interleaved kernel, on every
// CPU its portable reference and AVX2 where the CPU has it, gives each user the row kernels'
// bits (odd dimensions and item counts, -128 values, 1..8 users, zero and non-finite vectors),
// and score_all_items_for_users gives score_all_items' bits for any number of users, biases
// included, for int8 and float32 models (which it scores one user at a time).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "scoring/factor_scoring.h"
#include "scoring/interleaved_item_factors.h"
#include "scoring/multi_user_scoring.h"
#include "support/factor_models.h"

using edgerec::FactorQuery;
using edgerec::InterleavedItemFactors;
using edgerec::ScoringKernel;
using edgerec::testing::random_int8;
using edgerec::testing::random_rows;
using edgerec::testing::uniform;

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// The kernels the interleaved scores are checked with on this CPU: the reference, and AVX2.
std::vector<ScoringKernel> interleaved_kernels() {
  std::vector<ScoringKernel> out = {ScoringKernel::kScalar};
  for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
    if (k == ScoringKernel::kAvx2) out.push_back(k);
  }
  return out;
}

}  // namespace

TEST_CASE("interleaved int8 kernel: each user gets the row kernels' bits", "[multi_user]") {
  std::mt19937 rng(41);
  for (uint32_t dims : {1u, 3u, 17u, 32u, 64u, 130u}) {
    for (size_t n : {size_t{1}, size_t{5}, size_t{8}, size_t{9}, size_t{1001}}) {
      const std::vector<int8_t> rows = random_int8(rng, n * dims, -128);
      std::vector<float> scales(n);
      for (float& s : scales) s = std::pow(10.0f, uniform(rng, -4.0f, 0.0f));
      const InterleavedItemFactors interleaved(rows.data(), scales.data(), n, dims);
      for (size_t users = 1; users <= edgerec::kMultiUserBlock; ++users) {
        std::vector<std::vector<float>> vectors;
        for (size_t u = 0; u < users; ++u) vectors.push_back(random_rows(rng, 1, dims));
        if (users >= 3) std::fill(vectors[1].begin(), vectors[1].end(), 0.0f);  // a zero vector
        if (users >= 4) std::fill(vectors[2].begin(), vectors[2].end(), 1e30f);  // extreme, still finite
        std::vector<FactorQuery> queries(users);
        std::vector<const FactorQuery*> pointers;
        std::vector<std::vector<float>> expected(users, std::vector<float>(n));
        for (size_t u = 0; u < users; ++u) {
          queries[u].set(vectors[u].data(), dims);
          pointers.push_back(&queries[u]);
          edgerec::score_rows_i8(rows.data(), scales.data(), n, queries[u], expected[u].data(), ScoringKernel::kScalar);
        }
        for (ScoringKernel k : interleaved_kernels()) {
          std::vector<std::vector<float>> out(users, std::vector<float>(n, -1.0f));
          std::vector<float*> outputs;
          for (auto& o : out) outputs.push_back(o.data());
          edgerec::score_interleaved_i8(interleaved, pointers.data(), users, outputs.data(), k);
          for (size_t u = 0; u < users; ++u) {
            INFO("kernel " << edgerec::scoring_kernel_name(k) << ", dims " << dims << ", items " << n << ", users "
                           << users << ", user " << u);
            CHECK(same_bits(out[u], expected[u]));
          }
        }
      }
    }
  }
}

TEST_CASE("interleaved int8 kernel: a non-finite user vector scores NaN, the others are unaffected", "[multi_user]") {
  std::mt19937 rng(42);
  const uint32_t dims = 64;
  const size_t n = 100;
  const std::vector<int8_t> rows = random_int8(rng, n * dims, -127);
  const std::vector<float> scales(n, 0.01f);
  const InterleavedItemFactors interleaved(rows.data(), scales.data(), n, dims);
  std::vector<float> good = random_rows(rng, 1, dims);
  std::vector<float> bad = good;
  bad[5] = std::numeric_limits<float>::infinity();
  FactorQuery queries[2] = {FactorQuery(good.data(), dims), FactorQuery(bad.data(), dims)};
  const FactorQuery* pointers[2] = {&queries[0], &queries[1]};
  std::vector<float> expected(n);
  edgerec::score_rows_i8(rows.data(), scales.data(), n, queries[0], expected.data(), ScoringKernel::kScalar);
  for (ScoringKernel k : interleaved_kernels()) {
    std::vector<float> a(n), b(n);
    float* outputs[2] = {a.data(), b.data()};
    edgerec::score_interleaved_i8(interleaved, pointers, 2, outputs, k);
    CHECK(same_bits(a, expected));
    for (float s : b) CHECK(std::isnan(s));
  }
}

TEST_CASE("score_all_items_for_users: score_all_items' bits for any number of users, both encodings",
          "[multi_user]") {
  std::mt19937 rng(43);
  for (bool int8 : {false, true}) {
    for (uint32_t dims : {3u, 64u}) {
      for (bool with_biases : {false, true}) {
        const uint32_t items = 203;
        const std::vector<float> factors = random_rows(rng, items, dims);
        std::vector<float> biases;
        if (with_biases) {
          for (uint32_t i = 0; i < items; ++i) biases.push_back(uniform(rng, -0.1f, 0.1f));
        }
        edgerec::testing::ModelBuffer buffer;
        edgerec::testing::build_model(buffer, dims, factors, int8, biases);
        const edgerec::fb::FactorModel& model = *buffer.model;
        std::unique_ptr<InterleavedItemFactors> interleaved;
        if (edgerec::multi_user_scoring_available(model)) {
          interleaved = std::make_unique<InterleavedItemFactors>(
              reinterpret_cast<const int8_t*>(model.item_factors_i8()->data()), model.item_scales()->data(), items,
              dims);
        }
        for (size_t users : {size_t{1}, size_t{8}, size_t{19}}) {
          const std::vector<float> vectors = random_rows(rng, users, dims);
          std::vector<const float*> inputs;
          std::vector<std::vector<float>> out(users, std::vector<float>(items, -1.0f));
          std::vector<float*> outputs;
          for (size_t u = 0; u < users; ++u) {
            inputs.push_back(vectors.data() + u * dims);
            outputs.push_back(out[u].data());
          }
          edgerec::score_all_items_for_users(model, items, inputs.data(), users, outputs.data(), interleaved.get());
          for (size_t u = 0; u < users; ++u) {
            INFO("int8 " << int8 << ", dims " << dims << ", biases " << with_biases << ", users " << users << ", user "
                         << u);
            std::vector<float> expected(items);
            edgerec::score_all_items(model, items, inputs[u], expected.data());
            CHECK(same_bits(out[u], expected));
          }
        }
      }
    }
  }
}
