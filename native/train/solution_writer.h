// The only writer of solution versions: pieces shared by every recipe (catalog, user index,
// metadata) and the sealing of a finished FlatBuffer into the .erec container.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <flatbuffers/flatbuffers.h>

#include "edgerec/solution_generated.h"
#include "edgerec/status.h"
#include "io/item_metadata_csv.h"
#include "io/metadata_columns.h"
#include "interactions/training_set.h"

namespace edgerec {

/// Ids sorted in byte order (the order IdMap requires), with where each dictionary entry went.
struct SortedIds {
  std::vector<std::string_view> ids;  ///< sorted; views into the dictionary
  std::vector<uint32_t> position;     ///< position[dictionary index] = index in `ids`
  std::vector<uint32_t> index;        ///< index[i] = dictionary index of ids[i]: position's inverse
};
SortedIds sort_ids(const std::vector<std::string>& dictionary);

/// What goes into SolutionMetadata besides the recipe's own sections.
struct SolutionDescription {
  std::string solution_version_id;  ///< empty: a new one (new_solution_version_id)
  std::string recipe;
  fb::RecipeType recipe_type = fb::RecipeType::UNKNOWN;
  std::map<std::string, std::string> hyperparameters;
  std::map<std::string, std::string> solution_config;
  fb::TrainingMode training_mode = fb::TrainingMode::FULL;
  double training_seconds = 0.0;
  // Training data summary.
  uint64_t interactions = 0;       ///< used: after the solution config's event selection
  uint64_t interactions_read = 0;  ///< read from the data
  double ordered_fraction = 1.0;   ///< of the used events (event_order.h)
  uint32_t users = 0;
  uint32_t items = 0;
  int64_t min_timestamp = 0;
  int64_t max_timestamp = 0;
  std::map<std::string, uint64_t> event_type_counts;
  std::string fingerprint;
  std::string source;
  std::map<std::string, double> metrics;
  struct Trial {
    std::string recipe;
    std::map<std::string, std::string> hyperparameters;
    std::string objective_name;
    double objective = 0.0;
    double seconds = 0.0;
  };
  std::vector<Trial> trials;  ///< the auto recipe's search
};

flatbuffers::Offset<fb::SolutionMetadata> build_metadata(flatbuffers::FlatBufferBuilder& fbb,
                                                         const SolutionDescription& description);
/// The catalog in sorted order; `creation_timestamps` (per dictionary item, kUnknownCreationTime = unknown; empty =
/// none) becomes a nullable LONG column CREATION_TIMESTAMP. With `metadata`, every metadata column
/// is stored too (matched by item id; items it does not list get nulls), for filters, and
/// CREATION_TIMESTAMP comes from it when `creation_timestamps` is empty.
flatbuffers::Offset<fb::ItemCatalog> build_item_catalog(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& items,
                                                        const std::vector<int64_t>& creation_timestamps = {},
                                                        const ItemMetadataTable* metadata = nullptr);
/// The user index in sorted order, with `metadata`'s columns (matched by user id) if given.
flatbuffers::Offset<fb::UserIndex> build_user_index(flatbuffers::FlatBufferBuilder& fbb, const SortedIds& users,
                                                    const UserMetadataTable* metadata = nullptr);

/// Solution.recent_interactions, what Interactions filters read: for each user of `users` (whose
/// positions index the set's users), the newest kFilterInteractionsPerEventType events of each
/// event type in `everything` (every interaction read, each user's in time order), oldest first,
/// items at their `items` positions. InvalidInput if there are more event types than the
/// section's one-byte type index holds (255).
Result<flatbuffers::Offset<fb::UserHistories>> build_recent_interactions(
    flatbuffers::FlatBufferBuilder& fbb, const TrainingSet& everything, const std::vector<std::string>& event_types,
    const SortedIds& items, const SortedIds& users);

/// Compresses a finished FlatBuffer (one zstd frame with checksum) behind the container header.
Result<std::vector<uint8_t>> seal_solution(const uint8_t* flatbuffer, size_t size);

/// A new unique solution version id, e.g. "sv-20261129-0f3a9c1d2e4b5a6f".
std::string new_solution_version_id();

}  // namespace edgerec
