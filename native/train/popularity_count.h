// popularity-count (Personalize's aws-popularity-count): items ranked by how many distinct users
// interacted with them; score = that count / number of users.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "interactions/training_set.h"

namespace edgerec {

/// The popularity section every recipe writes (popularity-count serves it; the others fall back
/// to it for users or items they do not know): per catalog item (`items`, whose first set.items
/// positions are the set's dictionary; `catalog_size` >= set.items) the distinct users of the
/// *trained* events, and that count over the users with any trained event. Events the solution
/// config left out never make an item popular.
flatbuffers::Offset<fb::PopularityModel> build_popularity_model(flatbuffers::FlatBufferBuilder& fbb,
                                                                const TrainingSet& set, const SortedIds& items,
                                                                size_t catalog_size);

Result<std::vector<uint8_t>> train_popularity_count(const TrainingInput& input);

}  // namespace edgerec
