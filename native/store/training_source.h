// What a dataset group gives the trainer, and what the trainer gives back: the group's
// interactions, item and user metadata as training tables, and solution versions recorded in
// the group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"
#include "io/metadata_columns.h"
#include "store/dataset_group.h"

namespace edgerec {

/// The group's interactions, bulk and streamed alike (Personalize trains on both). Streamed
/// events without a userId (anonymous sessions) and without an itemId are left out, as
/// Personalize leaves them out of training; so are users that only the Users dataset or PutUsers
/// know (no interactions): the solution serves them as unknown users.
Result<InteractionsTable> load_group_interactions(DatasetGroup& group);

/// The Items dataset's categorical string fields as training tokens, and CREATION_TIMESTAMP
/// (nullopt if the group has no Items dataset). String fields that are neither categorical nor
/// textual are ignored in training, as in Personalize. Every field but textual and boolean ones
/// is also kept as a typed value column, which the solution stores for filters.
Result<std::optional<ItemMetadataTable>> load_group_item_metadata(DatasetGroup& group);

/// The Users dataset's fields as typed value columns, for filters' `IF CurrentUser.FIELD`
/// (nullopt if the group has no Users dataset): every field but USER_ID, textual and boolean ones
/// (filters cannot use those), one row per stored user, imported and PutUsers records alike.
Result<std::optional<UserMetadataTable>> load_group_user_metadata(DatasetGroup& group);

/// Everything a group gives a training run, read together (what `edgerec train DIR` and a
/// control-plane worker both train from).
struct GroupTrainingTables {
  InteractionsTable interactions;
  std::optional<ItemMetadataTable> items;
  std::optional<UserMetadataTable> users;
};
Result<GroupTrainingTables> load_group_training_tables(DatasetGroup& group);

/// Stores a trained solution version in the group (DIR/solutions/<id>.erec, written atomically,
/// plus a solution_versions row with its recipe and metrics) and returns its path.
Result<std::string> record_solution_version(DatasetGroup& group, const std::vector<uint8_t>& solution);

}  // namespace edgerec
