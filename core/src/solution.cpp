// Solution loading: container header -> capped streaming zstd -> FlatBuffers Verifier -> the
// invariants readers rely on. Every failure names what was wrong and where.
#include "edgerec/solution.h"

#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "edgerec/container.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

// FlatBuffers cannot address more than this.
constexpr uint64_t kFlatBufferLimit = FLATBUFFERS_MAX_BUFFER_SIZE;

struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

// Decompresses the single zstd frame in `payload` into exactly `content_size` bytes. Memory grows
// with the output actually produced, so a header that lies about the size costs nothing, and
// allocation failure is an error rather than an abort.
Status decompress_payload(const uint8_t* payload, size_t payload_size, uint64_t content_size,
                          std::vector<uint8_t>& out) {
  const unsigned long long frame_size = ZSTD_getFrameContentSize(payload, payload_size);
  if (frame_size == ZSTD_CONTENTSIZE_ERROR) {
    return corrupt_data("payload at byte 48 is not a valid zstd frame");
  }
  if (frame_size != ZSTD_CONTENTSIZE_UNKNOWN && frame_size != content_size) {
    return corrupt_data("zstd frame declares " + std::to_string(frame_size) +
                        " bytes but the header declares " + std::to_string(content_size));
  }
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return resource_exhausted("cannot allocate a zstd decompression context");
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> guard(dctx, ZSTD_freeDCtx);
  // Cap the window so a hostile frame cannot demand a huge history buffer (trainer uses <= 2^27).
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 27);

  const size_t total = static_cast<size_t>(content_size);
  size_t capacity = 0;
  std::unique_ptr<uint8_t, FreeDeleter> buffer;
  ZSTD_inBuffer in{payload, payload_size, 0};
  size_t produced = 0;
  for (;;) {
    if (produced == capacity && capacity < total) {
      size_t next = capacity == 0 ? std::min<size_t>(total, size_t{1} << 20) : capacity * 2;
      if (next > total || next < capacity) next = total;
      auto* grown = static_cast<uint8_t*>(std::realloc(buffer.get(), next));
      if (grown == nullptr) {
        return resource_exhausted("out of memory decompressing a " + std::to_string(content_size) +
                                  "-byte solution");
      }
      (void)buffer.release();
      buffer.reset(grown);
      capacity = next;
    }
    ZSTD_outBuffer o{buffer.get(), capacity, produced};
    const size_t consumed_before = in.pos;
    const size_t hint = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(hint)) {
      return corrupt_data(std::string("payload is damaged: zstd: ") + ZSTD_getErrorName(hint) +
                          " (after reading " + std::to_string(in.pos) + " of " +
                          std::to_string(payload_size) + " payload bytes)");
    }
    const bool progressed = o.pos != produced || in.pos != consumed_before;
    produced = o.pos;
    if (hint == 0) break;  // frame complete, checksum verified
    if (!progressed) {
      if (produced == total) {
        return corrupt_data("zstd payload decompresses to more than the declared " +
                            std::to_string(content_size) + " bytes");
      }
      return corrupt_data("payload is truncated: the zstd frame ends after " + std::to_string(produced) +
                          " of " + std::to_string(content_size) + " bytes");
    }
  }
  if (in.pos != in.size) {
    return corrupt_data(std::to_string(in.size - in.pos) + " bytes follow the zstd frame inside the payload");
  }
  if (produced != total) {
    return corrupt_data("payload decompresses to " + std::to_string(produced) + " bytes, header declares " +
                        std::to_string(content_size));
  }
  out.assign(buffer.get(), buffer.get() + produced);
  return Status::ok_status();
}

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

Status check_columns(const flatbuffers::Vector<flatbuffers::Offset<fb::Column>>* columns, uint64_t rows,
                     const char* owner) {
  if (columns == nullptr) return Status::ok_status();
  for (const fb::Column* c : *columns) {
    const std::string what = std::string(owner) + " column \"" + c->name()->str() + "\"";
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
  return Status::ok_status();
}

}  // namespace

Result<std::shared_ptr<const Solution>> Solution::load(const uint8_t* data, size_t size,
                                                       const LoadOptions& options) {
  if (data == nullptr && size != 0) return invalid_input("solution bytes are null");
  EDGEREC_ASSIGN_OR_RETURN(const ContainerHeader header, parse_container_header(data, size));
  const uint64_t cap = std::min(options.max_content_bytes, kFlatBufferLimit);
  if (header.content_size > cap) {
    return resource_exhausted("solution declares " + std::to_string(header.content_size) +
                              " bytes of content, over the limit of " + std::to_string(cap) +
                              " bytes (LoadOptions.max_content_bytes)");
  }
  const uint8_t* payload = data + header.header_size;
  const uint32_t payload_crc = crc32(payload, static_cast<size_t>(header.payload_size));
  if (payload_crc != header.payload_crc32) {
    return corrupt_data("payload checksum mismatch: the " + std::to_string(header.payload_size) +
                        " bytes after the header are damaged (stored CRC " + std::to_string(header.payload_crc32) +
                        ", computed " + std::to_string(payload_crc) + ")");
  }
  std::shared_ptr<Solution> solution(new Solution());
  solution->format_minor_ = header.minor;
  EDGEREC_RETURN_IF_ERROR(decompress_payload(payload, static_cast<size_t>(header.payload_size),
                                             header.content_size, solution->buffer_));
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
    } else if (f->item_encoding() == fb::FactorEncoding::FLOAT32) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_factors_f32()), item_values, "factors.item_factors_f32"));
    } else {
      return corrupt_data("factors.item_encoding has an unknown value");
    }
    if (f->item_biases() != nullptr) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->item_biases()), n_items, "factors.item_biases"));
    }
    if (f->user_factors() != nullptr) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(f->user_factors()), user_values, "factors.user_factors"));
    }
  }
  if (const fb::NeighbourModel* nb = s.neighbours()) {
    EDGEREC_RETURN_IF_ERROR(check_csr(nb->offsets(), nb->neighbours(), nb->scores(), n_items, "neighbours"));
  }
  if (const fb::SequenceModel* q = s.sequence()) {
    EDGEREC_RETURN_IF_ERROR(check_csr(q->offsets(), q->next_items(), q->scores(), n_items, "sequence"));
    if (!(q->history_decay() >= 0.0f && q->history_decay() <= 1.0f) || q->history_length() > 10000) {
      return corrupt_data("sequence.history_decay or history_length is out of range");
    }
  }
  if (const fb::UserHistories* h = s.histories()) {
    EDGEREC_RETURN_IF_ERROR(check_length(length(h->offsets()), n_users + 1, "histories.offsets"));
    const uint64_t events = length(h->items());
    uint32_t previous = 0;
    for (uint32_t i = 0; i < h->offsets()->size(); ++i) {
      const uint32_t o = h->offsets()->Get(i);
      if (o < previous || o > events || (i == 0 && o != 0)) {
        return corrupt_data("histories.offsets[" + std::to_string(i) + "] = " + std::to_string(o) +
                            " is out of order or range");
      }
      previous = o;
    }
    if (previous != events) return corrupt_data("histories.offsets does not end at the event count");
    for (uint32_t i = 0; i < events; ++i) {
      if (h->items()->Get(i) >= n_items) {
        return corrupt_data("histories.items[" + std::to_string(i) + "] is not a catalog index");
      }
    }
    if (h->timestamps() != nullptr && h->timestamps()->size() != 0) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(h->timestamps()), events, "histories.timestamps"));
    }
    if (h->event_types() != nullptr && h->event_types()->size() != 0) {
      EDGEREC_RETURN_IF_ERROR(check_length(length(h->event_types()), events, "histories.event_types"));
      const uint64_t names = length(h->event_type_names());
      for (uint32_t i = 0; i < events; ++i) {
        if (h->event_types()->Get(i) >= names) {
          return corrupt_data("histories.event_types[" + std::to_string(i) + "] names no event type");
        }
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
