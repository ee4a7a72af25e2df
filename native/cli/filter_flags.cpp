// --filter and --filter-values.
#include "cli/filter_flags.h"

namespace edgerec::cli {

std::vector<FlagSpec> filter_flags() {
  return {text_flag("filter", "EXPR",
                    "a Personalize filter expression, e.g. 'EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE)'"),
          text_flag("filter-values", "JSON", "the filter's $PARAM values as a JSON object, e.g. '{\"GENRE\":\"\\\"drama\\\"\"}'")};
}

Status add_filter_fields(const Args& args, JsonWriter& request) {
  if (auto expression = args.get("filter")) {
    request.key("filterExpression");
    request.string(*expression);
  }
  if (auto values = args.get("filter-values")) {
    EDGEREC_ASSIGN_OR_RETURN(const JsonValue parsed, parse_json(*values, "flag --filter-values"));
    if (!parsed.is_object()) {
      return invalid_input(std::string("flag --filter-values must be a JSON object such as "
                                       "'{\"GENRE\":\"\\\"drama\\\"\"}', got ") + json_type_name(parsed.type()));
    }
    request.key("filterValues");
    request.raw(*values);  // valid JSON, checked above; the core checks its members
  }
  return Status::ok_status();
}

}  // namespace edgerec::cli
