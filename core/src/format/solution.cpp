// Solution loading: container header -> payload CRC, capped streaming zstd (container.h) ->
// FlatBuffers Verifier -> the invariants readers rely on. Every failure names what and where.
#include "edgerec/solution.h"

#include "scoring/packed_item_factors.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "edgerec/container.h"
#include "scoring/fold_in.h"
#include "edgerec/message_text.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

// FlatBuffers cannot address more than this.
constexpr uint64_t kFlatBufferLimit = FLATBUFFERS_MAX_BUFFER_SIZE;

// Multiplies without overflow; false if a*b does not fit.
bool checked_mul(uint64_t a, uint64_t b, uint64_t& out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  out = a * b;
  return true;
}

template <typename V>
uint64_t length(const V* v) { return v == nullptr ? 0 : v->size(); }

Status check_length(uint64_t actual, uint64_t expected, const char* what) {
  if (actual != expected) {
    return corrupt_data(std::string(what) + " has " + std::to_string(actual) + " entries, expected " +
                        std::to_string(expected));
  }
  return Status::ok_status();
}

// Every float a score is computed from must be a finite number: one NaN or infinity makes scores
// NaN, which rank nowhere and print as null. One pass over each vector.
Status check_finite(float value, const std::string& what) {
  return std::isfinite(value) ? Status::ok_status() : corrupt_data(what + ": not a finite number");
}

Status check_finite(const flatbuffers::Vector<float>* values, const std::string& what) {
  if (values == nullptr) return Status::ok_status();
  const float* v = values->data();
  for (uint32_t i = 0; i < values->size(); ++i) {
    if (!std::isfinite(v[i])) return check_finite(v[i], what + "[" + std::to_string(i) + "]");
  }
  return Status::ok_status();
}

Status check_columns(const flatbuffers::Vector<flatbuffers::Offset<fb::Column>>* columns, uint64_t rows,
                     const char* owner) {
  if (columns == nullptr) return Status::ok_status();
  for (const fb::Column* c : *columns) {
    const std::string what = std::string(owner) + " column " + quote_for_message(c->name()->string_view());
    uint64_t n = 0;
    switch (c->type()) {
      case fb::ColumnType::STRING: n = length(c->string_values()); break;
      case fb::ColumnType::LONG:
      case fb::ColumnType::BOOLEAN: n = length(c->long_values()); break;
      case fb::ColumnType::DOUBLE: n = length(c->double_values()); break;
      default: return corrupt_data(what + " has an unknown type");
    }
    EDGEREC_RETURN_IF_ERROR(check_length(n, rows, what.c_str()));
    const uint64_t mask = length(c->null_mask());
    if (mask != 0 && mask != (rows + 7) / 8) {
      return corrupt_data(what + " has a null mask of " + std::to_string(mask) + " bytes for " +
                          std::to_string(rows) + " rows");
    }
  }
  return Status::ok_status();
}

// An item x item list in CSR form: offsets (items + 1, non-decreasing, from 0 to the entry
// count), entries that are catalog indices, one score per entry.
Status check_csr(const flatbuffers::Vector<uint32_t>* offsets, const flatbuffers::Vector<uint32_t>* entries,
                 const flatbuffers::Vector<float>* scores, uint64_t n_items, const std::string& what) {
  EDGEREC_RETURN_IF_ERROR(check_length(length(offsets), n_items + 1, (what + ".offsets").c_str()));
  const uint64_t edges = length(entries);
  EDGEREC_RETURN_IF_ERROR(check_length(length(scores), edges, (what + ".scores").c_str()));
  uint32_t previous = 0;
  for (uint32_t i = 0; i < offsets->size(); ++i) {
    const uint32_t o = offsets->Get(i);
    if (o < previous || o > edges || (i == 0 && o != 0)) {
      return corrupt_data(what + ".offsets[" + std::to_string(i) + "] = " + std::to_string(o) +
                          " is out of order or range");
    }
    previous = o;
  }
  if (previous != edges) return corrupt_data(what + ".offsets does not end at the entry count");
  for (uint32_t i = 0; i < edges; ++i) {
    if (entries->Get(i) >= n_items) {
      return corrupt_data(what + " entry " + std::to_string(i) + " is not a catalog index");
    }
  }
  return check_finite(scores, what + ".scores");
}

}  // namespace

Result<std::shared_ptr<const Solution>> Solution::load(const uint8_t* data, size_t size,
                                                       const LoadOptions& options) {
  if (data == nullptr && size != 0) return invalid_input("solution bytes are null");
  EDGEREC_ASSIGN_OR_RETURN(const ContainerHeader header, parse_container_header(data, size));
  const uint64_t cap = std::min(options.max_content_bytes, kFlatBufferLimit);
  std::shared_ptr<Solution> solution(new Solution());
  solution->format_minor_ = header.minor;
  Status read = read_container_payload(data, header, cap, solution->buffer_);
  if (read.code() == StatusCode::kResourceExhausted) {
    return resource_exhausted("solution " + read.message() + " (LoadOptions.max_content_bytes)");
  }
  EDGEREC_RETURN_IF_ERROR(read);
  flatbuffers::Verifier verifier(solution->buffer_.data(), solution->buffer_.size(), /*max_depth=*/64,
                                 /*max_tables=*/10'000'000);
  if (!fb::SolutionBufferHasIdentifier(solution->buffer_.data())) {
    return corrupt_data("content is not a solution FlatBuffer (file identifier is not \"ERSV\")");
  }
  if (!fb::VerifySolutionBuffer(verifier)) {
    return corrupt_data("FlatBuffers verification of the solution failed (damaged or hostile content)");
  }
  EDGEREC_RETURN_IF_ERROR(solution->index());
  return std::shared_ptr<const Solution>(std::move(solution));
}

Solution::~Solution() = default;

const PackedItemFactors* Solution::packed_item_factors() const {
  std::call_once(packed_once_, [this] {
    const fb::FactorModel* factors = root_->factors();
    if (factors == nullptr || factors->item_encoding() != fb::FactorEncoding::INT8 || !packed_scoring_available()) {
      return;
    }
    packed_items_ = std::make_unique<const PackedItemFactors>(
        reinterpret_cast<const int8_t*>(factors->item_factors_i8()->data()), factors->item_scales()->data(),
        factors->item_biases() != nullptr ? factors->item_biases()->data() : nullptr, items_.size(),
        factors->dimensions());
  });
  return packed_items_.get();
}

namespace {

// A UserHistories table (`name` in errors): one run of events per user, in-range items and types.
Status check_user_histories(const fb::UserHistories* h, uint64_t n_users, uint64_t n_items, const std::string& name) {
  if (h == nullptr) return Status::ok_status();
  EDGEREC_RETURN_IF_ERROR(check_length(length(h->offsets()), n_users + 1, (name + ".offsets").c_str()));
  const uint64_t events = length(h->items());
  uint32_t previous = 0;
  for (uint32_t i = 0; i < h->offsets()->size(); ++i) {
    const uint32_t o = h->offsets()->Get(i);
    if (o < previous || o > events || (i == 0 && o != 0)) {
      return corrupt_data(name + ".offsets[" + std::to_string(i) + "] = " + std::to_string(o) +
                          " is out of order or range");
    }
    previous = o;
  }
  if (previous != events) return corrupt_data(name + ".offsets does not end at the event count");
  for (uint32_t i = 0; i < events; ++i) {
    if (h->items()->Get(i) >= n_items) {
      return corrupt_data(name + ".items[" + std::to_string(i) + "] is not a catalog index");
    }
  }
  if (h->timestamps() != nullptr && h->timestamps()->size() != 0) {
    EDGEREC_RETURN_IF_ERROR(check_length(length(h->timestamps()), events, (name + ".timestamps").c_str()));
  }
  if (h->weights() != nullptr && h->weights()->size() != 0) {
    EDGEREC_RETURN_IF_ERROR(check_length(length(h->weights()), events, (name + ".weights").c_str()));
    for (uint32_t i = 0; i < events; ++i) {
      const float w = h->weights()->Get(i);
      if (!(w >= 0.0f && w < 1e30f)) {
        return corrupt_data(name + ".weights[" + std::to_string(i) + "] = " + std::to_string(w) +
                            " is not a finite weight >= 0");
      }
    }
  }
  if (h->event_types() != nullptr && h->event_types()->size() != 0) {
    EDGEREC_RETURN_IF_ERROR(check_length(length(h->event_types()), events, (name + ".event_types").c_str()));
    const uint64_t names = length(h->event_type_names());
    for (uint32_t i = 0; i < events; ++i) {
      if (h->event_types()->Get(i) >= names) {
        return corrupt_data(name + ".event_types[" + std::to_string(i) + "] names no event type");
      }
    }
  }
  return Status::ok_status();
}

}  // namespace

Status Solution::index() {
  root_ = fb::GetSolution(buffer_.data());
  const fb::Solution& s = *root_;
  EDGEREC_RETURN_IF_ERROR(IdMap::validate(s.items()->ids(), "item catalog"));
  items_ = IdMap(s.items()->ids());
  const uint64_t n_items = items_.size();
  EDGEREC_RETURN_IF_ERROR(check_columns(s.items()->columns(), n_items, "item"));
  if (s.users() != nullptr) {
    EDGEREC_RETURN_IF_ERROR(IdMap::validate(s.users()->ids(), "user index"));
    users_ = IdMap(s.users()->ids());
    EDGEREC_RETURN_IF_ERROR(check_columns(s.users()->columns(), users_.size(), "user"));
  }
  const uint64_t n_users = users_.size();

  if (const fb::PopularityModel* p = s.popularity()) {
    EDGEREC_RETURN_IF_ERROR(check_length(length(p->user_counts()), n_items, "popularity.user_counts"));
    EDGEREC_RETURN_IF_ERROR(check_length(length(p->scores()), n_items, "popularity.scores"));
    EDGEREC_RETURN_IF_ERROR(check_finite(p->scores(), "popularity.scores"));
  }
  if (const fb::FactorModel* f = s.factors()) {
    const uint64_t dims = f->dimensions();
    if (dims == 0 || dims > 4096) {
      return corrupt_data("factors.dimensions is " + std::to_string(dims) + ", expected 1 to 4096");
    }
    uint64_t item_values = 0;
    uint64_t user_values = 0;
    if (!checked_mul(n_items, dims, item_values) || !checked_mul(n_users, dims, user_values)) {
      return corrupt_data("factor matrix size overflows");
    }
    if (f->item_encoding() == fb::FactorEncoding::INT8) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_factors_i8()), item_values, "factors.item_factors_i8"));
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_scales()), n_items, "factors.item_scales"));
      EDGEREC_RETURN_IF_ERROR(check_finite(f->item_scales(), "factors.item_scales"));
    } else if (f->item_encoding() == fb::FactorEncoding::FLOAT32) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_factors_f32()), item_values, "factors.item_factors_f32"));
      EDGEREC_RETURN_IF_ERROR(check_finite(f->item_factors_f32(), "factors.item_factors_f32"));
    } else {
      return corrupt_data("factors.item_encoding has an unknown value");
    }
    if (f->item_biases() != nullptr) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_biases()), n_items, "factors.item_biases"));
      EDGEREC_RETURN_IF_ERROR(check_finite(f->item_biases(), "factors.item_biases"));
    }
    if (f->user_factors() != nullptr) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->user_factors()), user_values, "factors.user_factors"));
      EDGEREC_RETURN_IF_ERROR(check_finite(f->user_factors(), "factors.user_factors"));
    }
    EDGEREC_RETURN_IF_ERROR(read_fold_in_settings(s).status());
  }
  if (const fb::NeighbourModel* nb = s.neighbours()) {
    EDGEREC_RETURN_IF_ERROR(check_csr(nb->offsets(), nb->neighbours(), nb->scores(), n_items, "neighbours"));
  }
  if (const fb::SequenceModel* q = s.sequence()) {
    EDGEREC_RETURN_IF_ERROR(check_csr(q->offsets(), q->next_items(), q->scores(), n_items, "sequence"));
    EDGEREC_RETURN_IF_ERROR(check_finite(q->weight(), "sequence.weight"));
    if (!(q->history_decay() >= 0.0f && q->history_decay() <= 1.0f)) {
      return corrupt_data("sequence.history_decay: not between 0 and 1");
    }
    if (q->history_length() > 10000) {
      return corrupt_data("sequence.history_length: " + std::to_string(q->history_length()) + " is above 10000");
    }
  }
  EDGEREC_RETURN_IF_ERROR(check_user_histories(s.histories(), n_users, n_items, "histories"));
  EDGEREC_RETURN_IF_ERROR(check_user_histories(s.recent_interactions(), n_users, n_items, "recent_interactions"));
  if (const auto* config = s.metadata()->solution_config()) {
    for (const fb::KeyValue* kv : *config) {
      if (kv->key()->string_view() == "edgeBundle" && kv->value() != nullptr && kv->value()->string_view() == "true") {
        edge_bundle_ = true;
      }
    }
  }
  return Status::ok_status();
}

std::string_view Solution::recipe() const {
  const flatbuffers::String* r = root_->metadata()->recipe();
  return std::string_view(r->c_str(), r->size());
}

}  // namespace edgerec
