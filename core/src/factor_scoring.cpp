// Factor scoring kernels.
#include "edgerec/factor_scoring.h"

namespace edgerec {
namespace {

float dot_f32(const float* a, const float* b, uint32_t n) {
  float sum = 0.0f;
  for (uint32_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

float dot_i8(const int8_t* a, const float* b, uint32_t n) {
  float sum = 0.0f;
  for (uint32_t i = 0; i < n; ++i) sum += static_cast<float>(a[i]) * b[i];
  return sum;
}

}  // namespace

float score_item(const fb::FactorModel& model, uint32_t item, const float* user) {
  const uint32_t dims = model.dimensions();
  const size_t row = static_cast<size_t>(item) * dims;
  float score = 0.0f;
  if (model.item_encoding() == fb::FactorEncoding::INT8) {
    const auto* factors = reinterpret_cast<const int8_t*>(model.item_factors_i8()->data());
    score = dot_i8(factors + row, user, dims) * model.item_scales()->Get(item);
  } else {
    score = dot_f32(model.item_factors_f32()->data() + row, user, dims);
  }
  if (model.item_biases() != nullptr) score += model.item_biases()->Get(item);
  return score;
}

void score_all_items(const fb::FactorModel& model, uint32_t items, const float* user, float* out) {
  for (uint32_t i = 0; i < items; ++i) out[i] = score_item(model, i, user);
}

const float* stored_user_vector(const fb::FactorModel& model, uint32_t user) {
  if (model.user_factors() == nullptr || model.user_factors()->size() == 0) return nullptr;
  return model.user_factors()->data() + static_cast<size_t>(user) * model.dimensions();
}

}  // namespace edgerec
