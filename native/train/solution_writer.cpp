// Building and sealing solution versions.
#include "train/solution_writer.h"

#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>
#include <random>
#include <unordered_map>
#include <utility>

#include "edgerec/container.h"
#include "edgerec/recent_interactions.h"
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

// Per sorted position, the row of its id among `ids` (-1: not listed).
std::vector<int32_t> rows_by_id(const SortedIds& sorted, const std::vector<std::string>& ids) {
  std::unordered_map<std::string_view, int32_t> row_of;
  row_of.reserve(ids.size());
  for (size_t r = 0; r < ids.size(); ++r) row_of.emplace(ids[r], static_cast<int32_t>(r));
  std::vector<int32_t> rows(sorted.ids.size(), -1);
  for (size_t p = 0; p < sorted.ids.size(); ++p) {
    const auto it = row_of.find(sorted.ids[p]);
    if (it != row_of.end()) rows[p] = it->second;
  }
  return rows;
}

// One metadata column in sorted order: position p holds source row rows[p] (-1: null).
flatbuffers::Offset<fb::Column> build_column(flatbuffers::FlatBufferBuilder& fbb, const MetadataColumn& column,
                                             const std::vector<int32_t>& rows) {
  const size_t n = rows.size();
  std::vector<uint8_t> nulls((n + 7) / 8, 0);
  bool any_null = false;
  const auto is_null = [&](size_t p) { return rows[p] < 0 || column.nulls[static_cast<size_t>(rows[p])] != 0; };
  for (size_t p = 0; p < n; ++p) {
    if (!is_null(p)) continue;
    nulls[p / 8] = static_cast<uint8_t>(nulls[p / 8] | (1u << (p % 8)));
    any_null = true;
  }
  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>> string_values;
  flatbuffers::Offset<flatbuffers::Vector<int64_t>> long_values;
  flatbuffers::Offset<flatbuffers::Vector<double>> double_values;
  fb::ColumnType type = fb::ColumnType::STRING;
  switch (column.type) {
    case MetadataColumn::Type::kString: {
      std::vector<flatbuffers::Offset<flatbuffers::String>> values;
      values.reserve(n);
      for (size_t p = 0; p < n; ++p) {
        values.push_back(fbb.CreateString(is_null(p) ? std::string() : column.strings[static_cast<size_t>(rows[p])]));
      }
      string_values = fbb.CreateVector(values);
      break;
    }
    case MetadataColumn::Type::kLong: {
      std::vector<int64_t> values(n, 0);
      for (size_t p = 0; p < n; ++p) values[p] = is_null(p) ? 0 : column.longs[static_cast<size_t>(rows[p])];
      long_values = fbb.CreateVector(values);
      type = fb::ColumnType::LONG;
      break;
    }
    case MetadataColumn::Type::kDouble: {
      std::vector<double> values(n, 0.0);
      for (size_t p = 0; p < n; ++p) values[p] = is_null(p) ? 0.0 : column.doubles[static_cast<size_t>(rows[p])];
      double_values = fbb.CreateVector(values);
      type = fb::ColumnType::DOUBLE;
      break;
    }
  }
  const auto name = fbb.CreateString(column.name);
  const auto null_mask = fbb.CreateVector(any_null ? nulls : std::vector<uint8_t>{});
  fb::ColumnBuilder builder(fbb);
  builder.add_name(name);
  builder.add_type(type);
  builder.add_categorical(column.categorical);
  if (!string_values.IsNull()) builder.add_string_values(string_values);
  if (!long_values.IsNull()) builder.add_long_values(long_values);
  if (!double_values.IsNull()) builder.add_double_values(double_values);
  builder.add_null_mask(null_mask);
  return builder.Finish();
}

}  // namespace

Result<flatbuffers::Offset<fb::UserHistories>> build_recent_interactions(
    flatbuffers::FlatBufferBuilder& fbb, const TrainingSet& everything, const std::vector<std::string>& event_types,
    const SortedIds& items, const SortedIds& users) {
  constexpr size_t kMaxTypes = 255;
  if (event_types.size() > kMaxTypes) {
    return invalid_input("the interactions have " + std::to_string(event_types.size()) +
                         " distinct event types; a solution version stores at most " + std::to_string(kMaxTypes) +
                         " (Amazon Personalize allows 10)");
  }
  const bool typed = !everything.event_types.empty();
  const uint32_t n_users = static_cast<uint32_t>(users.position.size());
  std::vector<uint32_t> offsets = {0};
  std::vector<uint32_t> kept_items;
  std::vector<int64_t> kept_times;
  std::vector<uint8_t> kept_types;
  std::vector<size_t> per_type(std::max<size_t>(1, event_types.size()));
  std::vector<uint64_t> kept;  // one user's kept events, newest first
  for (uint32_t position = 0; position < n_users; ++position) {
    const uint32_t u = users.index[position];
    std::fill(per_type.begin(), per_type.end(), 0);
    kept.clear();
    for (uint64_t e = everything.user_offsets[u + 1]; e > everything.user_offsets[u]; --e) {
      const size_t type = typed ? everything.event_types[e - 1] : 0;
      if (per_type[type]++ < kFilterInteractionsPerEventType) kept.push_back(e - 1);
    }
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
      kept_items.push_back(items.position[everything.items_seq[*it]]);
      kept_times.push_back(everything.times[*it]);
      if (typed) kept_types.push_back(static_cast<uint8_t>(everything.event_types[*it]));
    }
    offsets.push_back(static_cast<uint32_t>(kept_items.size()));
  }
  std::vector<flatbuffers::Offset<flatbuffers::String>> names;
  if (typed) {
    for (const std::string& t : event_types) names.push_back(fbb.CreateString(t));
  }
  return fb::CreateUserHistories(fbb, fbb.CreateVector(offsets), fbb.CreateVector(kept_items),
                                 fbb.CreateVector(kept_times), fbb.CreateVector(kept_types), fbb.CreateVector(names));
}

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
  sorted.index = std::move(order);
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
      fbb.CreateString(d.fingerprint), fbb.CreateString(d.source), d.interactions_read, d.ordered_fraction);
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
      fbb.CreateVector(metrics), fbb.CreateString(d.solution_version_id.empty() ? new_solution_version_id() : d.solution_version_id),
      fbb.CreateVector(trials));
}

flatbuffers::Offset<fb::ItemCatalog> build_item_catalog(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& items,
                                                        const std::vector<int64_t>& creation_timestamps,
                                                        const ItemMetadataTable* metadata) {
  const auto ids = strings(fbb, items.ids);
  const std::vector<int32_t> rows =
      metadata != nullptr ? rows_by_id(items, metadata->item_ids) : std::vector<int32_t>{};
  // CREATION_TIMESTAMP per sorted item (kUnknownCreationTime = unknown), from the caller or else the metadata.
  std::vector<int64_t> created;
  if (!creation_timestamps.empty()) {
    created.assign(items.ids.size(), kUnknownCreationTime);
    for (size_t i = 0; i < creation_timestamps.size(); ++i) created[items.position[i]] = creation_timestamps[i];
  } else if (metadata != nullptr &&
             std::any_of(metadata->creation_timestamps.begin(), metadata->creation_timestamps.end(),
                         [](int64_t t) { return t != kUnknownCreationTime; })) {
    created.assign(items.ids.size(), kUnknownCreationTime);
    for (size_t p = 0; p < rows.size(); ++p) {
      if (rows[p] >= 0) created[p] = metadata->creation_timestamps[static_cast<size_t>(rows[p])];
    }
  }
  std::vector<flatbuffers::Offset<fb::Column>> columns;
  if (!created.empty()) {
    MetadataColumn column;
    column.name = "CREATION_TIMESTAMP";
    column.type = MetadataColumn::Type::kLong;
    for (const int64_t t : created) {
      if (t == kUnknownCreationTime) column.push_null();
      else column.push_long(t);
    }
    std::vector<int32_t> identity(created.size());
    std::iota(identity.begin(), identity.end(), 0);
    columns.push_back(build_column(fbb, column, identity));
  }
  if (metadata != nullptr) {
    for (const MetadataColumn& column : metadata->value_columns) columns.push_back(build_column(fbb, column, rows));
  }
  return fb::CreateItemCatalog(fbb, fbb.CreateVector(ids), fbb.CreateVector(columns));
}

flatbuffers::Offset<fb::UserIndex> build_user_index(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& users,
                                                    const UserMetadataTable* metadata) {
  const auto ids = strings(fbb, users.ids);
  std::vector<flatbuffers::Offset<fb::Column>> columns;
  if (metadata != nullptr) {
    const std::vector<int32_t> rows = rows_by_id(users, metadata->user_ids);
    for (const MetadataColumn& column : metadata->columns) columns.push_back(build_column(fbb, column, rows));
  }
  return fb::CreateUserIndex(fbb, fbb.CreateVector(ids), fbb.CreateVector(columns));
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
