// Factor scoring kernels: every SIMD kernel this CPU runs gives the scalar reference's bits
// (float32 and int8, odd dimensions and item counts), float32 is within summation error of a
// double-precision dot, int8 is within the quantisation bound of float32, extreme scales and user
// vectors behave the same everywhere, and the fused top-k equals scoring everything then top_k.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "scoring/factor_scoring.h"
#include "edgerec/topk.h"
#include "support/factor_models.h"
#include "train/factor_quantization.h"

using edgerec::FactorQuery;
using edgerec::testing::build_model;
using edgerec::testing::ModelBuffer;
using edgerec::testing::random_int8;
using edgerec::testing::random_rows;
using edgerec::testing::uniform;
using edgerec::ScoringKernel;

namespace {

/// Equal bits (NaN == NaN with the same payload; +0 != -0).
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<float> f32_scores(const std::vector<float>& rows, size_t n, const FactorQuery& q, ScoringKernel k) {
  std::vector<float> out(n, -1.0f);
  edgerec::score_rows_f32(rows.data(), n, q, out.data(), k);
  return out;
}

std::vector<float> i8_scores(const std::vector<int8_t>& rows, const std::vector<float>& scales, size_t n,
                             const FactorQuery& q, ScoringKernel k) {
  std::vector<float> out(n, -1.0f);
  edgerec::score_rows_i8(rows.data(), scales.data(), n, q, out.data(), k);
  return out;
}

const uint32_t kDimensions[] = {1, 3, 17, 64, 130};
const size_t kItemCounts[] = {1, 3, 5, 16, 17, 33, 1001};

}  // namespace

TEST_CASE("the scalar kernel is always supported and listed first, names are stable", "[factor_scoring]") {
  const std::vector<ScoringKernel> kernels = edgerec::supported_scoring_kernels();
  REQUIRE(!kernels.empty());
  CHECK(kernels.front() == ScoringKernel::kScalar);
  CHECK(edgerec::default_scoring_kernel() == kernels.back());
  CHECK(std::string(edgerec::scoring_kernel_name(ScoringKernel::kAvx512)) == "avx512-vnni");
  for (ScoringKernel k : kernels) INFO(edgerec::scoring_kernel_name(k));
}

TEST_CASE("float32: every kernel gives the scalar reference's bits", "[factor_scoring]") {
  std::mt19937 rng(11);
  for (uint32_t dims : kDimensions) {
    for (size_t n : kItemCounts) {
      const std::vector<float> rows = random_rows(rng, n, dims);
      const std::vector<float> user = random_rows(rng, 1, dims);
      const FactorQuery q(user.data(), dims);
      const std::vector<float> reference = f32_scores(rows, n, q, ScoringKernel::kScalar);
      for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
        INFO("kernel " << edgerec::scoring_kernel_name(k) << ", dims " << dims << ", items " << n);
        CHECK(same_bits(f32_scores(rows, n, q, k), reference));
      }
      // The default entry point too.
      std::vector<float> by_default(n);
      edgerec::score_rows_f32(rows.data(), n, q, by_default.data());
      CHECK(same_bits(by_default, reference));
      // Within float summation error of a double-precision dot product.
      for (size_t i = 0; i < n; ++i) {
        double exact = 0.0;
        double magnitude = 0.0;
        for (uint32_t d = 0; d < dims; ++d) {
          exact += static_cast<double>(rows[i * dims + d]) * user[d];
          magnitude += std::fabs(static_cast<double>(rows[i * dims + d]) * user[d]);
        }
        INFO("dims " << dims << ", item " << i);
        CHECK(std::fabs(reference[i] - exact) <= (dims + 4) * std::ldexp(magnitude, -24));
      }
    }
  }
}

TEST_CASE("int8: every kernel gives the scalar reference's bits, including -128 values", "[factor_scoring]") {
  std::mt19937 rng(12);
  for (uint32_t dims : kDimensions) {
    for (size_t n : kItemCounts) {
      const std::vector<int8_t> rows = random_int8(rng, n * dims, -128);
      std::vector<float> scales(n);
      for (float& s : scales) s = std::pow(10.0f, uniform(rng, -4.0f, 0.0f));
      const std::vector<float> user = random_rows(rng, 1, dims);
      const FactorQuery q(user.data(), dims);
      const std::vector<float> reference = i8_scores(rows, scales, n, q, ScoringKernel::kScalar);
      for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
        INFO("kernel " << edgerec::scoring_kernel_name(k) << ", dims " << dims << ", items " << n);
        CHECK(same_bits(i8_scores(rows, scales, n, q, k), reference));
      }
      // The reference is the exact integer dot product, scaled.
      for (size_t i = 0; i < n; ++i) {
        int64_t dot = 0;
        for (uint32_t d = 0; d < dims; ++d) dot += int64_t{rows[i * dims + d]} * q.quantized()[d];
        CHECK(reference[i] == (static_cast<float>(dot) * q.quantized_scale()) * scales[i]);
      }
    }
  }
}

TEST_CASE("int8 items cannot overflow the int32 dot product, whatever the dimensions", "[factor_scoring]") {
  for (uint32_t dims : {64u, 512u, 4096u}) {
    const std::vector<float> user(dims, -1.0f);  // every coordinate at the bound
    const FactorQuery q(user.data(), dims);
    const std::vector<int8_t> rows(dims, -128);  // every product at its largest
    const std::vector<float> scales = {1.0f};
    const double expected = 128.0 * std::fabs(static_cast<double>(q.quantized()[0])) * dims * q.quantized_scale();
    for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
      INFO("kernel " << edgerec::scoring_kernel_name(k) << ", dims " << dims);
      const float s = i8_scores(rows, scales, 1, q, k)[0];
      CHECK(s > 0.0f);
      CHECK(std::fabs(s - expected) <= 1e-6 * expected);
    }
  }
}

TEST_CASE("the quantised user vector: bounded, padded with zeros, scale of max |value|", "[factor_scoring]") {
  std::mt19937 rng(13);
  for (uint32_t dims : kDimensions) {
    const std::vector<float> user = random_rows(rng, 1, dims);
    const FactorQuery q(user.data(), dims);
    float max_abs = 0.0f;
    for (float v : user) max_abs = std::max(max_abs, std::fabs(v));
    const float bound = max_abs / q.quantized_scale();
    CHECK(bound == Approx(32767.0f));
    for (uint32_t d = 0; d < dims; ++d) {
      CHECK(std::fabs(q.quantized()[d] * q.quantized_scale() - user[d]) <= 0.5001f * q.quantized_scale());
      CHECK(q.padded()[d] == user[d]);
    }
    for (uint32_t d = dims; d < (dims + 31) / 32 * 32; ++d) CHECK(q.quantized()[d] == 0);
    for (uint32_t d = dims; d < (dims + 15) / 16 * 16; ++d) CHECK(q.padded()[d] == 0.0f);
  }
}

TEST_CASE("int8 scores stay within the quantisation bound of float32 scores", "[factor_scoring]") {
  std::mt19937 rng(14);
  for (uint32_t dims : kDimensions) {
    const size_t n = 257;
    const std::vector<float> rows = random_rows(rng, n, dims);
    const std::vector<float> user = random_rows(rng, 1, dims);
    const edgerec::QuantizedRows quantized = edgerec::quantize_rows_int8(rows.data(), n, dims);
    const FactorQuery q(user.data(), dims);
    std::vector<float> f32(n);
    std::vector<float> i8(n);
    edgerec::score_rows_f32(rows.data(), n, q, f32.data());
    edgerec::score_rows_i8(quantized.values.data(), quantized.scales.data(), n, q, i8.data());
    for (size_t i = 0; i < n; ++i) {
      // factor_scoring.h: sum_d |user_d| * item_scale / 2 + |item_d| * user_scale / 2, plus float
      // rounding of both sums.
      double bound = 0.0;
      double magnitude = 0.0;
      for (uint32_t d = 0; d < dims; ++d) {
        const float item = rows[i * dims + d];
        CHECK(std::fabs(quantized.values[i * dims + d] * quantized.scales[i] - item) <= 0.5001f * quantized.scales[i]);
        bound += std::fabs(user[d]) * quantized.scales[i] / 2 + std::fabs(item) * q.quantized_scale() / 2;
        magnitude += std::fabs(static_cast<double>(item) * user[d]);
      }
      bound += (2 * dims + 8) * std::ldexp(magnitude, -24);
      INFO("dims " << dims << ", item " << i);
      CHECK(std::fabs(static_cast<double>(i8[i]) - f32[i]) <= bound);
    }
  }
}

TEST_CASE("zero and extreme scales and user vectors give the same results on every kernel", "[factor_scoring]") {
  std::mt19937 rng(15);
  const uint32_t dims = 17;
  const size_t n = 9;
  const std::vector<int8_t> rows = random_int8(rng, n * dims);
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> scales = {0.0f, 1e-38f, 1e-45f, 3e38f, inf, 1.0f, 0.5f, 2.0f, 1e30f};
  const std::vector<float> ones(dims, 1.0f);
  const std::vector<float> zeros(dims, 0.0f);
  std::vector<float> tiny(dims, 1e-44f);  // subnormal
  std::vector<float> with_nan = ones;
  with_nan[5] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> with_inf = ones;
  with_inf[16] = -inf;
  for (const std::vector<float>* user : std::vector<const std::vector<float>*>{&ones, &zeros, &tiny, &with_nan, &with_inf}) {
    const FactorQuery q(user->data(), dims);
    const std::vector<float> reference = i8_scores(rows, scales, n, q, ScoringKernel::kScalar);
    for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
      INFO("kernel " << edgerec::scoring_kernel_name(k));
      CHECK(same_bits(i8_scores(rows, scales, n, q, k), reference));
    }
    if (user == &zeros || user == &tiny) {
      for (size_t i = 0; i < n; ++i) {
        if (std::isfinite(scales[i])) CHECK(reference[i] == 0.0f);
      }
    }
    if (user == &with_nan || user == &with_inf) {
      for (float s : reference) CHECK(std::isnan(s));  // never recommended
    }
    if (user == &ones) {
      CHECK(reference[0] == 0.0f);  // scale 0
      CHECK(!std::isfinite(reference[4]));
    }
  }
  // float32 with infinities and NaN in the items: still the reference's bits.
  std::vector<float> f32_rows = random_rows(rng, n, dims);
  f32_rows[3] = inf;
  f32_rows[dims + 4] = -inf;
  f32_rows[2 * dims + 16] = std::numeric_limits<float>::quiet_NaN();
  f32_rows[3 * dims] = 3e38f;
  f32_rows[3 * dims + 1] = 3e38f;
  const FactorQuery q(ones.data(), dims);
  const std::vector<float> reference = f32_scores(f32_rows, n, q, ScoringKernel::kScalar);
  for (ScoringKernel k : edgerec::supported_scoring_kernels()) {
    INFO("kernel " << edgerec::scoring_kernel_name(k));
    CHECK(same_bits(f32_scores(f32_rows, n, q, k), reference));
  }
}

TEST_CASE("quantize_rows_int8: symmetric per-row scale, zero rows, non-finite rows", "[factor_scoring]") {
  const std::vector<float> rows = {1.0f, -0.5f, 0.25f, 0.0f, 0.0f, 0.0f, 2.0f, std::nanf(""), 1.0f, -3.0f, 3.0f, 0.01f};
  const edgerec::QuantizedRows q = edgerec::quantize_rows_int8(rows.data(), 4, 3);
  CHECK(q.scales[0] == 1.0f / 127.0f);
  CHECK(q.values[0] == 127);
  CHECK(q.values[1] == -64);  // -63.5 rounds to even
  CHECK(q.values[2] == 32);   // 31.75
  CHECK(q.scales[1] == 0.0f);
  CHECK((q.values[3] == 0 && q.values[4] == 0 && q.values[5] == 0));
  CHECK(std::isnan(q.scales[2]));
  CHECK((q.values[6] == 0 && q.values[7] == 0 && q.values[8] == 0));
  CHECK(q.values[9] == -127);
  CHECK(q.values[10] == 127);
  std::vector<float> back(12);
  edgerec::dequantize_rows_int8(q.values.data(), q.scales.data(), 4, 3, back.data());
  CHECK(back[9] == Approx(-3.0f));
  CHECK(back[0] == Approx(1.0f));
}

TEST_CASE("model scoring: biases added, score_item equals score_all_items, both encodings", "[factor_scoring]") {
  std::mt19937 rng(16);
  for (bool int8 : {false, true}) {
    for (uint32_t dims : kDimensions) {
      const uint32_t items = 77;
      const std::vector<float> factors = random_rows(rng, items, dims);
      std::vector<float> biases(items);
      for (float& b : biases) b = uniform(rng, -0.1f, 0.1f);
      ModelBuffer buffer;
      build_model(buffer, dims, factors, int8, biases);
      const std::vector<float> user = random_rows(rng, 1, dims);
      std::vector<float> all(items);
      edgerec::score_all_items(*buffer.model, items, user.data(), all.data());
      std::vector<float> unbiased(items);
      const FactorQuery q(user.data(), dims);
      if (int8) {
        const edgerec::QuantizedRows quantized = edgerec::quantize_rows_int8(factors.data(), items, dims);
        edgerec::score_rows_i8(quantized.values.data(), quantized.scales.data(), items, q, unbiased.data());
      } else {
        edgerec::score_rows_f32(factors.data(), items, q, unbiased.data());
      }
      for (uint32_t i = 0; i < items; ++i) {
        INFO("int8 " << int8 << ", dims " << dims << ", item " << i);
        CHECK(all[i] == unbiased[i] + biases[i]);
        CHECK(edgerec::score_item(*buffer.model, i, user.data()) == all[i]);
      }
    }
  }
}

TEST_CASE("top_k_items equals score_all_items + top_k, ties by index, with and without a mask",
          "[factor_scoring]") {
  std::mt19937 rng(17);
  for (bool int8 : {false, true}) {
    const uint32_t dims = 8;
    const uint32_t items = 5000;
    // Few distinct rows, so many scores tie exactly.
    std::vector<float> factors(static_cast<size_t>(items) * dims);
    const std::vector<float> patterns = random_rows(rng, 7, dims);
    for (uint32_t i = 0; i < items; ++i) {
      std::copy_n(patterns.begin() + (rng() % 7) * dims, dims, factors.begin() + static_cast<size_t>(i) * dims);
    }
    factors[static_cast<size_t>(123) * dims] = std::numeric_limits<float>::quiet_NaN();
    ModelBuffer buffer;
    build_model(buffer, dims, factors, int8);
    std::vector<uint8_t> allowed(items);
    for (uint8_t& a : allowed) a = static_cast<uint8_t>(rng() % 3 != 0);
    const std::vector<float> user = random_rows(rng, 1, dims);
    std::vector<float> all(items);
    edgerec::score_all_items(*buffer.model, items, user.data(), all.data());
    for (size_t k : {size_t{0}, size_t{1}, size_t{25}, size_t{500}, size_t{4000}, size_t{6000}}) {
      for (const uint8_t* mask : std::vector<const uint8_t*>{nullptr, allowed.data()}) {
        INFO("int8 " << int8 << ", k " << k << ", mask " << (mask != nullptr));
        // Masked-out items as NaN, which top_k never selects.
        std::vector<float> candidates = all;
        for (uint32_t i = 0; mask != nullptr && i < items; ++i) {
          if (mask[i] == 0) candidates[i] = std::numeric_limits<float>::quiet_NaN();
        }
        const auto expected = edgerec::top_k(candidates.data(), items, k);
        const auto actual = edgerec::top_k_items(*buffer.model, items, user.data(), k, mask);
        REQUIRE(actual.size() == expected.size());
        for (size_t r = 0; r < actual.size(); ++r) {
          CHECK(actual[r].index == expected[r].index);
          CHECK(actual[r].score == expected[r].score);
        }
      }
    }
  }
}
