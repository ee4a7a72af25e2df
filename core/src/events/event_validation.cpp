// PutEvents' field rules (../shared/PERSONALIZE.md section 5), shared by PutEvents and batches.
#include "edgerec/event_validation.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>
#include <vector>

#include "edgerec/epoch_seconds.h"
#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "edgerec/event_json.h"

namespace edgerec {
namespace {

// Text a client can send back later: well-formed UTF-8 and no NUL (which SQLite text and C
// strings would cut short). Strings from JSON are already UTF-8; batch strings are raw bytes.
Status check_text(std::string_view value, std::string_view path) {
  if (const std::string problem = utf8::problem_with(value); !problem.empty()) {
    return invalid_input(std::string(path) + ": " + problem);
  }
  if (const size_t nul = value.find('\0'); nul != std::string_view::npos) {
    return invalid_input(std::string(path) + ": contains a NUL character at byte " + std::to_string(nul));
  }
  return Status::ok_status();
}

Status check_length(std::string_view value, std::string_view path, size_t max_length) {
  const size_t n = utf8::count_code_points(value);
  if (n == 0 || n > max_length) {
    return invalid_input(std::string(path) + ": must be 1 to " + std::to_string(max_length) + " characters, got " +
                         std::to_string(n));
  }
  return Status::ok_status();
}

bool is_camel_case(std::string_view key) {
  if (key.empty() || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// Personalize forbids the first six (they are the request's own fields). edgerec also refuses
// keys naming the other reserved Interactions columns, which a property would silently shadow.
struct ReservedKey {
  const char* key;
  const char* use_instead;
};
constexpr ReservedKey kReservedKeys[] = {
    {"userId", "the request's userId"},
    {"sessionId", "the request's sessionId"},
    {"eventType", "the event's eventType"},
    {"timestamp", "the event's sentAt"},
    {"recommendationId", "the event's recommendationId"},
    {"impression", "the event's impression"},
    {"itemId", "the event's itemId"},
    {"eventValue", "the event's eventValue"},
    {"eventId", "the event's eventId"},
    {"eventAttributionSource", "the event's metricAttribution.eventAttributionSource"},
};

// Checks the properties string and returns its canonical stored form (see ValidatedEvent).
Result<std::optional<std::string>> canonical_properties(const std::optional<std::string>& properties,
                                                        const std::optional<std::string>& attribution_source,
                                                        const std::string& path) {
  std::vector<std::pair<std::string, const JsonValue*>> columns;
  JsonValue parsed;
  if (properties) {
    EDGEREC_RETURN_IF_ERROR(check_text(*properties, path));
    EDGEREC_RETURN_IF_ERROR(check_length(*properties, path, kMaxPropertiesLength));
    auto json = parse_json(*properties, path);
    if (!json.ok()) return invalid_input(json.status().message() + " (properties must be a JSON object as a string)");
    parsed = std::move(json).value();
    if (!parsed.is_object()) {
      return invalid_input(path + ": must encode a JSON object, got " + json_type_name(parsed.type()));
    }
    for (const auto& [key, value] : parsed.members()) {
      for (const ReservedKey& r : kReservedKeys) {
        if (key == r.key) {
          return invalid_input(path + ": key " + quote_for_message(key) + " is reserved; send it as " + r.use_instead);
        }
      }
      if (!is_camel_case(key)) {
        return invalid_input(path + ": key " + quote_for_message(key) +
                             " is not camelCase (a lower-case letter, then letters and digits), "
                             "e.g. numRatings for the NUM_RATINGS column");
      }
      if (value.is_array() || value.is_object()) {
        return invalid_input(path + "." + key + ": expected a string, number, boolean or null, got " +
                             json_type_name(value.type()) + " (join multiple values with '|')");
      }
      columns.emplace_back(property_column_name(key), &value);
    }
  }
  const JsonValue source_value = JsonValue::string(attribution_source.value_or(""));
  if (attribution_source) columns.emplace_back("EVENT_ATTRIBUTION_SOURCE", &source_value);
  if (columns.empty()) return std::optional<std::string>();
  // Sorted: the same properties in another order are the same event.
  std::sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  JsonWriter w;
  w.begin_object();
  for (const auto& [column, value] : columns) {
    w.key(column);
    switch (value->type()) {
      case JsonValue::Type::kNull: w.null(); break;
      case JsonValue::Type::kBool: w.boolean(value->as_bool()); break;
      case JsonValue::Type::kNumber: w.number(value->as_number()); break;
      default: w.string(value->as_string()); break;
    }
  }
  w.end_object();
  return std::optional<std::string>(w.take());
}

Status check_attribution_source(const std::string& source, const std::string& path) {
  const size_t n = source.size();
  if (n == 0 || n > kMaxAttributionSourceLength) {
    return invalid_input(path + ": must be 1 to " + std::to_string(kMaxAttributionSourceLength) +
                         " characters, got " + std::to_string(utf8::count_code_points(source)));
  }
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(source[i]);
    if (c < 0x20 || c > 0x7E) {
      return invalid_input(path + ": must be printable ASCII; byte " + std::to_string(i) + " is 0x" +
                           "0123456789ABCDEF"[c >> 4] + "0123456789ABCDEF"[c & 0xF]);
    }
  }
  return Status::ok_status();
}

Result<int64_t> check_sent_at(const std::optional<double>& sent_at, const std::string& path) {
  if (!sent_at) return invalid_input(path + ": required (epoch seconds)");
  if (Status s = check_epoch_seconds(*sent_at, EpochRange::kFrom1970, "sentAt"); !s.ok()) {
    return invalid_input(path + ": " + s.message());
  }
  return static_cast<int64_t>(std::floor(*sent_at));
}

}  // namespace

Status validate_batch_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxBatchIdLength) {
    return invalid_input("batchId: must be 1 to " + std::to_string(kMaxBatchIdLength) + " characters, got " +
                         std::to_string(id.size()));
  }
  for (size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (c < 0x21 || c > 0x7E) {
      return invalid_input("batchId: must be printable ASCII without spaces; byte " + std::to_string(i) + " is not");
    }
  }
  return Status::ok_status();
}

std::string property_column_name(std::string_view key) {
  std::string column;
  column.reserve(key.size() + 4);
  for (const char c : key) {
    if (c >= 'A' && c <= 'Z') {
      column.push_back('_');
      column.push_back(c);
    } else if (c >= 'a' && c <= 'z') {
      column.push_back(static_cast<char>(c - 'a' + 'A'));
    } else {
      column.push_back(c);
    }
  }
  return column;
}

Status validate_text_field(const std::optional<std::string>& value, std::string_view path, size_t max_length,
                           bool required) {
  if (!value) return required ? invalid_input(std::string(path) + ": required") : Status::ok_status();
  EDGEREC_RETURN_IF_ERROR(check_text(*value, path));
  return check_length(*value, path, max_length);
}

Result<ValidatedEvent> validate_event(const Event& e, const std::string& path,
                                      const std::optional<std::string>& default_user_id,
                                      const std::optional<std::string>& default_session_id) {
  const auto field = [&](const char* name) { return path + "." + name; };
  ValidatedEvent out;
  EDGEREC_RETURN_IF_ERROR(validate_text_field(e.event_type, field("eventType"), kMaxIdLength, true));
  EDGEREC_ASSIGN_OR_RETURN(out.timestamp, check_sent_at(e.sent_at, field("sentAt")));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(e.event_id, field("eventId"), kMaxIdLength, false));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(e.item_id, field("itemId"), kMaxIdLength, false));
  if (e.event_value) {
    const double v = *e.event_value;
    if (!std::isfinite(v) || std::fabs(v) > FLT_MAX) {
      return invalid_input(field("eventValue") + ": must be a finite number within the 32-bit float range");
    }
  }
  EDGEREC_RETURN_IF_ERROR(
      validate_text_field(e.recommendation_id, field("recommendationId"), kMaxRecommendationIdLength, false));
  if (e.impression) {
    const std::string ipath = field("impression");
    const size_t n = e.impression->size();
    if (n == 0 || n > kMaxImpressionItems) {
      return invalid_input(ipath + ": must hold 1 to " + std::to_string(kMaxImpressionItems) + " item ids, got " +
                           std::to_string(n));
    }
    std::string joined;
    for (size_t i = 0; i < n; ++i) {
      const std::string& id = (*e.impression)[i];
      const std::string ipath_i = ipath + "[" + std::to_string(i) + "]";
      EDGEREC_RETURN_IF_ERROR(validate_text_field(id, ipath_i, kMaxIdLength, true));
      // Stored '|'-joined, as Interactions CSVs hold impressions: a '|' inside an id would split it.
      if (id.find('|') != std::string::npos) {
        return invalid_input(ipath_i + ": must not contain '|', which separates impression item ids");
      }
      joined += (i == 0 ? "" : "|") + id;
    }
    out.impression = std::move(joined);
  }
  if (e.event_attribution_source) {
    EDGEREC_RETURN_IF_ERROR(
        check_attribution_source(*e.event_attribution_source, field("metricAttribution.eventAttributionSource")));
  }
  EDGEREC_ASSIGN_OR_RETURN(out.properties,
                           canonical_properties(e.properties, e.event_attribution_source, field("properties")));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(e.user_id, field("userId"), kMaxIdLength, false));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(e.session_id, field("sessionId"), kMaxIdLength, false));
  const std::optional<std::string>& session = e.session_id ? e.session_id : default_session_id;
  if (!session) return invalid_input(field("sessionId") + ": required (neither the event nor the batch has one)");

  const size_t bytes = event_json_size(e);
  if (bytes > kMaxEventBytes) {
    return invalid_input(path + ": the event is " + std::to_string(bytes) + " bytes as JSON, over the limit of " +
                         std::to_string(kMaxEventBytes) + " bytes per event");
  }
  out.user_id = e.user_id ? e.user_id : default_user_id;
  out.session_id = *session;
  out.event_id = e.event_id;
  out.event_type = *e.event_type;
  out.item_id = e.item_id;
  out.event_value = e.event_value;
  out.recommendation_id = e.recommendation_id;
  return out;
}

}  // namespace edgerec
