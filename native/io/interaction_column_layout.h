// Where an Interactions file's columns sit: the ones Personalize gives a meaning (USER_ID,
// ITEM_ID, TIMESTAMP, EVENT_TYPE, EVENT_VALUE) by position, and the rest, contextual metadata,
// listed. Shared by the CSV loader (io/interactions_csv.h) and the import job
// (store/interactions_import.h), which read the same columns from the same kind of file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace edgerec {

struct InteractionColumnLayout {
  size_t count = 0;      ///< columns in the header
  size_t user = 0;       ///< USER_ID's column (0-based); 0 if the header has none
  size_t item = 0;       ///< ITEM_ID's, likewise
  size_t timestamp = 0;  ///< TIMESTAMP's, likewise
  std::optional<size_t> event_type;
  std::optional<size_t> event_value;
  std::vector<size_t> metadata;  ///< every other column, in file order
};

/// The positions of the columns named `names` (a header, in file order, whose names are unique:
/// check_csv_header_name). Whether the required columns are there is the caller's check: each
/// reports a missing one in its own terms.
InteractionColumnLayout locate_interaction_columns(const std::vector<std::string>& names);

}  // namespace edgerec
