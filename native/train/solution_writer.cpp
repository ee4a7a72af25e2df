// Building and sealing solution versions.
#include "train/solution_writer.h"

#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>
#include <random>

#include "edgerec/container.h"
#include "edgerec/version.h"

namespace edgerec {
namespace {

// Level 9 compresses catalogs and factor tables well at ~50 MB/s; the window stays <= 2^27,
// the largest the loader accepts.
constexpr int kZstdLevel = 9;

std::vector<flatbuffers::Offset<fb::KeyValue>> key_values(flatbuffers::FlatBufferBuilder& fbb,
                                                          const std::map<std::string, std::string>& entries) {
  std::vector<flatbuffers::Offset<fb::KeyValue>> out;
  for (const auto& [key, value] : entries) {
    out.push_back(fb::CreateKeyValue(fbb, fbb.CreateString(key), fbb.CreateString(value)));
  }
  return out;
}

std::vector<flatbuffers::Offset<flatbuffers::String>> strings(flatbuffers::FlatBufferBuilder& fbb,
                                                              const std::vector<std::string_view>& ids) {
  std::vector<flatbuffers::Offset<flatbuffers::String>> out;
  out.reserve(ids.size());
  for (const std::string_view id : ids) out.push_back(fbb.CreateString(id.data(), id.size()));
  return out;
}

}  // namespace

SortedIds sort_ids(const std::vector<std::string>& dictionary) {
  std::vector<uint32_t> order(dictionary.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return dictionary[a] < dictionary[b]; });
  SortedIds sorted;
  sorted.ids.reserve(dictionary.size());
  sorted.position.resize(dictionary.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    sorted.ids.push_back(dictionary[order[i]]);
    sorted.position[order[i]] = i;
  }
  return sorted;
}

flatbuffers::Offset<fb::SolutionMetadata> build_metadata(flatbuffers::FlatBufferBuilder& fbb,
                                                         const SolutionDescription& d) {
  std::vector<flatbuffers::Offset<fb::EventTypeCount>> event_types;
  for (const auto& [type, count] : d.event_type_counts) {
    event_types.push_back(fb::CreateEventTypeCount(fbb, fbb.CreateString(type), count));
  }
  const auto training = fb::CreateTrainingDataSummary(
      fbb, d.interactions, d.users, d.items, d.min_timestamp, d.max_timestamp, fbb.CreateVector(event_types),
      fbb.CreateString(d.fingerprint), fbb.CreateString(d.source));
  std::vector<flatbuffers::Offset<fb::Metric>> metrics;
  for (const auto& [name, value] : d.metrics) metrics.push_back(fb::CreateMetric(fbb, fbb.CreateString(name), value));
  std::vector<flatbuffers::Offset<fb::HpoTrial>> trials;
  for (const SolutionDescription::Trial& t : d.trials) {
    trials.push_back(fb::CreateHpoTrial(fbb, fbb.CreateString(t.recipe), fbb.CreateVector(key_values(fbb, t.hyperparameters)),
                                        fbb.CreateString(t.objective_name), t.objective, t.seconds));
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return fb::CreateSolutionMetadata(
      fbb, fbb.CreateString(d.recipe), d.recipe_type, fbb.CreateVector(key_values(fbb, d.hyperparameters)),
      fbb.CreateVector(key_values(fbb, d.solution_config)), now,
      fbb.CreateString(std::string("edgerec ") + version_string()), d.training_mode, d.training_seconds, training,
      fbb.CreateVector(metrics), fbb.CreateString(new_solution_version_id()), fbb.CreateVector(trials));
}

flatbuffers::Offset<fb::ItemCatalog> build_item_catalog(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& items,
                                                        const std::vector<int64_t>& creation_timestamps) {
  const auto ids = strings(fbb, items.ids);
  std::vector<flatbuffers::Offset<fb::Column>> columns;
  if (!creation_timestamps.empty()) {
    std::vector<int64_t> values(items.ids.size(), 0);
    std::vector<uint8_t> nulls((items.ids.size() + 7) / 8, 0);
    bool any_null = false;
    for (size_t i = 0; i < creation_timestamps.size(); ++i) {
      const uint32_t at = items.position[i];
      if (creation_timestamps[i] < 0) {
        nulls[at / 8] = static_cast<uint8_t>(nulls[at / 8] | (1u << (at % 8)));
        any_null = true;
      } else {
        values[at] = creation_timestamps[i];
      }
    }
    const auto name = fbb.CreateString("CREATION_TIMESTAMP");
    const auto long_values = fbb.CreateVector(values);
    const auto null_mask = fbb.CreateVector(any_null ? nulls : std::vector<uint8_t>{});
    fb::ColumnBuilder column(fbb);
    column.add_name(name);
    column.add_type(fb::ColumnType::LONG);
    column.add_long_values(long_values);
    column.add_null_mask(null_mask);
    columns.push_back(column.Finish());
  }
  return fb::CreateItemCatalog(fbb, fbb.CreateVector(ids), fbb.CreateVector(columns));
}

flatbuffers::Offset<fb::UserIndex> build_user_index(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& users) {
  const auto ids = strings(fbb, users.ids);
  return fb::CreateUserIndex(fbb, fbb.CreateVector(ids));
}

Result<std::vector<uint8_t>> seal_solution(const uint8_t* flatbuffer, size_t size) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  if (cctx == nullptr) return resource_exhausted("cannot allocate a zstd compression context");
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> guard(cctx, ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
  std::vector<uint8_t> out(kContainerHeaderSize + ZSTD_compressBound(size));
  const size_t compressed =
      ZSTD_compress2(cctx, out.data() + kContainerHeaderSize, out.size() - kContainerHeaderSize, flatbuffer, size);
  if (ZSTD_isError(compressed)) {
    return internal_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(compressed));
  }
  out.resize(kContainerHeaderSize + compressed);
  ContainerHeader header;
  header.payload_size = compressed;
  header.content_size = size;
  header.payload_crc32 = crc32(out.data() + kContainerHeaderSize, compressed);
  encode_container_header(header, out.data());
  return out;
}

std::string new_solution_version_id() {
  std::random_device entropy;
  const uint64_t random = (uint64_t{entropy()} << 32) ^ entropy();
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[16];
  std::strftime(date, sizeof(date), "%Y%m%d", &utc);
  static const char kHex[] = "0123456789abcdef";
  std::string id = std::string("sv-") + date + "-";
  for (int i = 15; i >= 0; --i) id.push_back(kHex[(random >> (4 * i)) & 0xF]);
  return id;
}

}  // namespace edgerec
