// A request's filter: its JSON fields and its item mask.
#include "filter/request_filter.h"

namespace edgerec {

Result<bool> parse_request_filter_member(const std::string& name, const JsonValue& value, RequestFilter& filter) {
  if (name == "filterExpression") {
    if (!value.is_string()) {
      return invalid_input(std::string("request field filterExpression must be a string, got ") +
                           json_type_name(value.type()));
    }
    filter.expression = value.as_string();
    return true;
  }
  if (name == "filterValues") {
    EDGEREC_ASSIGN_OR_RETURN(filter.values, parse_filter_values(value));
    return true;
  }
  if (name == "filterArn") {
    return invalid_input("request field filterArn is not supported: edgerec has no filter store, so pass the "
                         "filter's expression itself as filterExpression");
  }
  return false;
}

Status validate_request_filter(const RequestFilter& filter) {
  if (filter.values && !filter.expression) {
    return invalid_input("request field filterValues needs filterExpression, the filter they are values of");
  }
  return Status::ok_status();
}

Result<std::optional<ItemMask>> request_filter_mask(const Solution& solution, const RequestFilter& filter,
                                                    const RequestContext& context,
                                                    const std::optional<std::string>& user_id,
                                                    const std::optional<std::string>& item_id) {
  if (!filter.expression) return std::optional<ItemMask>();
  std::optional<FilterExpression> parsed;
  const FilterExpression* expression = context.filter;
  if (expression == nullptr) {
    EDGEREC_ASSIGN_OR_RETURN(parsed, parse_filter_expression(*filter.expression));
    expression = &*parsed;
  }
  FilterContext fc;
  if (filter.values) fc.values = &*filter.values;
  if (user_id) fc.user = solution.users().find(*user_id);
  fc.has_current_item = item_id.has_value();
  if (item_id) fc.current_item = solution.items().find(*item_id);
  std::vector<RecentInteraction> stored;
  const std::vector<RecentInteraction>* recent = context.recent_interactions;
  if (recent == nullptr) {
    stored = stored_recent_interactions(solution, fc.user);
    recent = &stored;
  }
  fc.interactions = recent->data();
  fc.interaction_count = recent->size();
  EDGEREC_ASSIGN_OR_RETURN(ItemMask mask, compile_filter_mask(solution, *expression, fc));
  return std::optional<ItemMask>(std::move(mask));
}

}  // namespace edgerec
