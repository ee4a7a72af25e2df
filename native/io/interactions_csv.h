// Loading a Personalize Interactions CSV into a compact, dictionary-encoded table.
//
// The file has a header row naming its columns, in any order: USER_ID, ITEM_ID and TIMESTAMP
// (epoch seconds) are required; EVENT_TYPE and EVENT_VALUE are optional; any other column is
// contextual metadata, accepted and listed in `ignored_columns` but not loaded yet. Header names
// are matched case-sensitively, as Personalize does. Every value is checked against
// Personalize's rules, and the first bad one fails the whole load (imports are all-or-nothing)
// with an InvalidInput error such as
//   interactions.csv:17:3 (TIMESTAMP): expected epoch seconds as an integer, got "abc"
// The file is streamed: memory holds the table, never the raw text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/epoch_seconds.h"  // TIMESTAMP: kFirstImplausibleTimestamp
#include "edgerec/limits.h"  // kMaxIdLength: USER_ID, ITEM_ID, EVENT_TYPE
#include "edgerec/status.h"
#include "io/csv_reader.h"

namespace edgerec {


/// Interactions as parallel columns; users, items and event types are dictionary-encoded with
/// indices in first-seen order.
struct InteractionsTable {
  std::vector<std::string> user_ids;     ///< Dictionary: user index -> USER_ID.
  std::vector<std::string> item_ids;     ///< Dictionary: item index -> ITEM_ID.
  std::vector<std::string> event_types;  ///< Dictionary: event type index -> EVENT_TYPE; empty
                                         ///< if the file has no EVENT_TYPE column.
  std::vector<uint32_t> users;           ///< Per row: index into user_ids.
  std::vector<uint32_t> items;           ///< Per row: index into item_ids.
  std::vector<int64_t> timestamps;       ///< Per row: epoch seconds.
  std::vector<uint16_t> event_type_ids;  ///< Per row (empty if !has_event_type).
  std::vector<float> event_values;       ///< Per row, NaN for an empty value (empty if !has_event_value).
  bool has_event_type = false;
  bool has_event_value = false;
  std::vector<std::string> columns;          ///< The header, in file order.
  std::vector<std::string> ignored_columns;  ///< Header columns not loaded (contextual metadata).

  /// Number of interactions (rows).
  size_t size() const { return timestamps.size(); }
};

/**
 * Reads an Interactions CSV file.
 * @return the table, NotFound / IoError if the file cannot be read, or InvalidInput naming the
 *   file, line, column and header of the first problem: an empty file, a header without a
 *   required column or with a duplicate one, a file with no data rows, a row with the wrong
 *   number of fields, an empty or over-long id, a TIMESTAMP that is not integer epoch seconds
 *   (or looks like milliseconds: check_epoch_seconds), an EVENT_VALUE that is not a finite number, malformed CSV or invalid UTF-8.
 */
Result<InteractionsTable> read_interactions_csv(const std::string& path);

/// The same, from an already opened reader (e.g. CsvReader::from_string in tests).
Result<InteractionsTable> read_interactions_csv(CsvReader& reader);

}  // namespace edgerec
