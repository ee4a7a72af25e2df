// Interactions CSV: header resolution, per-value validation and dictionary encoding.
#include "io/interactions_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "edgerec/epoch_seconds.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "io/ascii.h"
#include "io/csv_header_names.h"
#include "io/id_dictionary.h"
#include "io/interaction_column_layout.h"

namespace edgerec {
namespace {

constexpr const char* kRequiredColumns[] = {"USER_ID", "ITEM_ID", "TIMESTAMP"};

std::string header_summary(const std::vector<std::string>& header) {
  std::string text;
  for (const std::string& name : header) text += (text.empty() ? "" : ",") + name;
  return text;
}

Result<InteractionColumnLayout> resolve_header(const CsvReader& reader, const std::vector<std::string>& header) {
  for (size_t column = 0; column < header.size(); ++column) {
    EDGEREC_RETURN_IF_ERROR(check_csv_header_name(reader, header, column));
  }
  for (const char* required : kRequiredColumns) {
    if (std::find(header.begin(), header.end(), required) != header.end()) continue;
    const std::string wanted = required;
    std::string message = "the header has no " + wanted + " column; an Interactions CSV needs USER_ID, ITEM_ID and "
                          "TIMESTAMP (found: " + header_summary(header) + ")";
    for (const std::string& name : header) {
      if (equals_ignoring_ascii_case(name, wanted)) {
        message += "; column names are case-sensitive, so \"" + name + "\" must be written " + wanted;
      }
    }
    return invalid_input(reader.path() + ":" + std::to_string(reader.line()) + ": " + message);
  }
  return locate_interaction_columns(header);
}

/// Checks an id against Personalize's rules: present and at most 256 characters.
Status check_id(const CsvReader& reader, size_t column, std::string_view value) {
  if (value.empty()) return reader.field_error(column, "empty value; every interaction needs one");
  if (value.size() > kMaxIdLength && utf8::count_code_points(value) > kMaxIdLength) {
    return reader.field_error(column, "longer than " + std::to_string(kMaxIdLength) + " characters (" +
                                          std::to_string(utf8::count_code_points(value)) +
                                          "), the limit Personalize sets: " + quote_for_message(value));
  }
  return Status::ok_status();
}

Result<int64_t> parse_timestamp(const CsvReader& reader, size_t column, std::string_view value) {
  int64_t seconds = 0;
  const char* const end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, seconds);
  if (value.empty() || stop != end || error == std::errc::invalid_argument) {
    return reader.field_error(column, "expected epoch seconds as an integer, got " + quote_for_message(value));
  }
  if (error == std::errc::result_out_of_range) {
    return reader.field_error(column, "epoch seconds out of range: " + quote_for_message(value));
  }
  if (Status s = check_epoch_seconds(static_cast<double>(seconds), EpochRange::kAnyYear, "TIMESTAMP"); !s.ok()) {
    return reader.field_error(column, s.message());
  }
  return seconds;
}

Result<float> parse_event_value(const CsvReader& reader, size_t column, std::string_view value) {
  if (value.empty()) return std::numeric_limits<float>::quiet_NaN();  // null
  double number = 0;
  const char* const end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, number);
  if (stop != end || error == std::errc::invalid_argument) {
    return reader.field_error(column, "expected a number or an empty value, got " + quote_for_message(value));
  }
  if (error == std::errc::result_out_of_range || !std::isfinite(number) ||
      std::fabs(number) > static_cast<double>(std::numeric_limits<float>::max())) {
    return reader.field_error(column, "expected a finite number that fits a float, got " + quote_for_message(value));
  }
  return static_cast<float>(number);
}

/// Reserves the per-row columns for the whole file, estimated from the rows read so far, so 20M
/// rows do not go through two dozen reallocations (and 1.5x peak memory) per column.
void reserve_for_file(const CsvReader& reader, InteractionsTable& table) {
  const uint64_t total = reader.total_bytes();
  const uint64_t consumed = reader.bytes_consumed();
  if (total == 0 || consumed == 0 || consumed >= total) return;
  const double rows_per_byte = static_cast<double>(table.size()) / static_cast<double>(consumed);
  const auto estimate = static_cast<size_t>(static_cast<double>(total) * rows_per_byte * 1.02) + 16;
  table.users.reserve(estimate);
  table.items.reserve(estimate);
  table.timestamps.reserve(estimate);
  if (table.has_event_type) table.event_type_ids.reserve(estimate);
  if (table.has_event_value) table.event_values.reserve(estimate);
}

}  // namespace

Result<InteractionsTable> read_interactions_csv(CsvReader& reader) {
  std::vector<std::string_view> fields;
  EDGEREC_ASSIGN_OR_RETURN(const bool has_header, reader.next(fields));
  if (!has_header) {
    return invalid_input(reader.path() +
                         ": the file is empty; expected a header row naming USER_ID, ITEM_ID and TIMESTAMP");
  }
  InteractionsTable table;
  table.columns.assign(fields.begin(), fields.end());
  reader.set_column_names(table.columns);
  EDGEREC_ASSIGN_OR_RETURN(const InteractionColumnLayout layout, resolve_header(reader, table.columns));
  table.has_event_type = layout.event_type.has_value();
  table.has_event_value = layout.event_value.has_value();
  for (const size_t column : layout.metadata) table.ignored_columns.push_back(table.columns[column]);

  constexpr size_t kRowsBeforeReserving = 4096;
  IdDictionary users;
  IdDictionary items;
  IdDictionary event_types;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool more, reader.next(fields));
    if (!more) break;
    if (fields.size() != layout.count) {
      const size_t blamed = std::min(fields.size(), layout.count);  // first missing or first extra
      return reader.field_error(blamed, "expected " + std::to_string(layout.count) +
                                            " columns as in the header, got " + std::to_string(fields.size()));
    }
    EDGEREC_RETURN_IF_ERROR(check_id(reader, layout.user, fields[layout.user]));
    EDGEREC_RETURN_IF_ERROR(check_id(reader, layout.item, fields[layout.item]));
    EDGEREC_ASSIGN_OR_RETURN(const int64_t timestamp, parse_timestamp(reader, layout.timestamp, fields[layout.timestamp]));
    if (layout.event_type) {
      const std::string_view event_type = fields[*layout.event_type];
      if (event_type.size() > kMaxIdLength &&
          utf8::count_code_points(event_type) > kMaxIdLength) {
        return reader.field_error(*layout.event_type, "longer than " + std::to_string(kMaxIdLength) +
                                                          " characters: " + quote_for_message(event_type));
      }
      const uint32_t index = event_types.intern(event_type);
      if (index > std::numeric_limits<uint16_t>::max()) {
        return reader.field_error(*layout.event_type, "more than 65536 distinct event types");
      }
      table.event_type_ids.push_back(static_cast<uint16_t>(index));
    }
    if (layout.event_value) {
      EDGEREC_ASSIGN_OR_RETURN(const float value,
                               parse_event_value(reader, *layout.event_value, fields[*layout.event_value]));
      table.event_values.push_back(value);
    }
    // Dictionaries index with uint32 and reserve the top value, so 4 billion ids are the limit.
    if (users.size() == std::numeric_limits<uint32_t>::max() - 1 ||
        items.size() == std::numeric_limits<uint32_t>::max() - 1) {
      return reader.record_error("more than 4294967294 distinct users or items");
    }
    table.users.push_back(users.intern(fields[layout.user]));
    table.items.push_back(items.intern(fields[layout.item]));
    table.timestamps.push_back(timestamp);
    if (table.size() == kRowsBeforeReserving) reserve_for_file(reader, table);
  }
  if (table.size() == 0) {
    return invalid_input(reader.path() + ": the file has no interactions, only a header row (" +
                         header_summary(table.columns) + ")");
  }
  table.user_ids = users.ids();
  table.item_ids = items.ids();
  if (table.has_event_type) table.event_types = event_types.ids();
  return table;
}

Result<InteractionsTable> read_interactions_csv(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(path));
  return read_interactions_csv(reader);
}

}  // namespace edgerec
