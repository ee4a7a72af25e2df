// Filter evaluation: fields checked against the solution's columns, then each applied expression
// evaluated to an item set, then the chain combined (semantics in the header).
#include "filter/filter_mask.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>

#include "edgerec/message_text.h"
#include "format/metadata_column.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool compare(double a, FilterOperator op, double b) {
  switch (op) {
    case FilterOperator::kEqual: return a == b;
    case FilterOperator::kLess: return a < b;
    case FilterOperator::kLessEqual: return a <= b;
    case FilterOperator::kGreater: return a > b;
    case FilterOperator::kGreaterEqual: return a >= b;
    default: return false;
  }
}

// The right-hand side of IN / NOT IN: strings (sorted) and the numbers among them. A set taken
// from a numeric CurrentItem column has numbers only, and string values match it by number.
struct ValueSet {
  std::vector<std::string> strings;
  std::vector<double> numbers;
  bool numeric_only = false;

  void add(std::string_view s) {
    strings.emplace_back(s);
    if (const auto n = parse_number(s)) numbers.push_back(*n);
  }
  void seal() { std::sort(strings.begin(), strings.end()); }
  bool has_string(std::string_view s) const {
    if (numeric_only) {
      const auto n = parse_number(s);
      return n && has_number(*n);
    }
    return std::binary_search(strings.begin(), strings.end(), s);
  }
  bool has_number(double n) const { return std::find(numbers.begin(), numbers.end(), n) != numbers.end(); }
};

// Does a column's value at `row` match the set (any of its '|' values for strings)?
bool matches(const ColumnView& column, uint32_t row, const ValueSet& set) {
  if (column.is_null(row)) return false;
  if (!column.is_string()) {
    const auto n = column.number(row);
    return n && set.has_number(*n);
  }
  bool found = false;
  for_each_value(column.text(row), [&](std::string_view part) { found = found || set.has_string(part); });
  return found;
}

std::string label(const FilterCondition& c) {
  switch (c.dataset) {
    case FilterDataset::kItems: return "Items." + c.field;
    case FilterDataset::kInteractions: return "Interactions." + c.field;
    case FilterDataset::kCurrentUser: return "CurrentUser." + c.field;
  }
  return c.field;
}

Status position_error(size_t position, const std::string& message) {
  return invalid_input("filter: position " + std::to_string(position) + ": " + message);
}

class MaskCompiler {
 public:
  MaskCompiler(const Solution& solution, const FilterExpression& filter, const FilterContext& context)
      : solution_(solution), filter_(filter), context_(context), items_(solution.items().size()) {}

  Result<ItemMask> run() {
    for (const FilterClause& clause : filter_.clauses) {
      for (const FilterCondition& c : clause.conditions) EDGEREC_RETURN_IF_ERROR(check_fields(c));
      for (const FilterCondition& c : clause.user_conditions) EDGEREC_RETURN_IF_ERROR(check_fields(c));
    }
    ItemMask included(items_, 0);
    ItemMask excluded(items_, 0);
    bool any_include = false;
    for (const FilterClause& clause : filter_.clauses) {
      const bool include = clause.action == FilterAction::kInclude;
      bool skip = false;
      for (const std::string& name : clause.parameters) {
        if (values(name) != nullptr) continue;
        if (include) {
          return invalid_input("filter: filterValues has no $" + name + ", which the INCLUDE expression at position " +
                               std::to_string(clause.position) + " needs (only EXCLUDE expressions may omit values)");
        }
        skip = true;  // Personalize skips an EXCLUDE expression whose values are not given
      }
      if (skip) continue;
      EDGEREC_ASSIGN_OR_RETURN(const bool applies, user_conditions_hold(clause));
      if (!applies) continue;
      EDGEREC_ASSIGN_OR_RETURN(const ItemMask set, evaluate(clause, clause.where));
      ItemMask& target = include ? included : excluded;
      for (uint32_t i = 0; i < items_; ++i) target[i] |= set[i];
      any_include = any_include || include;
    }
    ItemMask out(items_, 1);
    for (uint32_t i = 0; i < items_; ++i) {
      out[i] = static_cast<uint8_t>((!any_include || included[i]) && !excluded[i]);
    }
    return out;
  }

 private:
  const std::vector<std::string>* values(const std::string& name) const {
    if (context_.values == nullptr) return nullptr;
    const auto it = context_.values->find(name);
    return it == context_.values->end() ? nullptr : &it->second;
  }

  const ColumnView::Columns* item_columns() const { return solution_.root().items()->columns(); }
  const ColumnView::Columns* user_columns() const {
    return solution_.root().users() != nullptr ? solution_.root().users()->columns() : nullptr;
  }

  // The column `name` of items or users, refusing what filters cannot use.
  Result<ColumnView> column(bool users, const std::string& name, const std::string& what, size_t position) const {
    const ColumnView::Columns* columns = users ? user_columns() : item_columns();
    if (users && (columns == nullptr || columns->size() == 0)) {
      return position_error(position, what + " needs user metadata, and this solution has none (train with Users "
                                             "metadata: edgerec train ... --users USERS.csv)");
    }
    const std::optional<ColumnView> found = ColumnView::find(columns, name);
    if (!found) {
      return position_error(position, "unknown field " + what + ": the solution's " + (users ? "user" : "item") +
                                          " columns are " + ColumnView::names(columns));
    }
    if (found->type() == fb::ColumnType::BOOLEAN) {
      return position_error(position, what + " is a boolean field, which filters cannot use (store \"True\"/\"False\" "
                                             "strings or 0/1 instead, as in Personalize)");
    }
    if (found->textual()) {
      return position_error(position, what + " is a textual field, which filters cannot use");
    }
    return *found;
  }

  Result<ColumnView> current_item_column(const FilterCondition& c) const {
    return column(false, c.operand.name, "CurrentItem." + c.operand.name, c.operand.position);
  }

  Status check_fields(const FilterCondition& c) const {
    if (c.dataset == FilterDataset::kInteractions && !serves_interaction_filters(solution_)) {
      return position_error(c.position, "Interactions." + c.field + " reads the users' recent interactions, which "
                                        "this solution version does not store (written before format 1.1 by a "
                                        "recipe without user histories): train it again");
    }
    std::optional<ColumnView> field;
    if (c.dataset == FilterDataset::kItems || c.dataset == FilterDataset::kCurrentUser) {
      EDGEREC_ASSIGN_OR_RETURN(field, column(c.dataset == FilterDataset::kCurrentUser, c.field, label(c), c.position));
    }
    std::optional<ColumnView> current;
    if (c.operand.kind == FilterOperand::Kind::kCurrentItem) {
      if (!context_.has_current_item) {
        return position_error(c.operand.position, "CurrentItem." + c.operand.name +
                                                      " needs the request's itemId (related-items recipes)");
      }
      EDGEREC_ASSIGN_OR_RETURN(current, current_item_column(c));
    }
    return check_types(c, field, current);
  }

  // A condition that the field's type makes impossible is an error, never an empty result:
  // comparisons need numeric fields on both sides, and a numeric field's IN list needs numbers.
  static Status check_types(const FilterCondition& c, const std::optional<ColumnView>& field,
                            const std::optional<ColumnView>& current) {
    if (!field) return Status::ok_status();
    const bool comparison = c.op != FilterOperator::kIn && c.op != FilterOperator::kNotIn;
    const std::string op = filter_operator_name(c.op);
    if (comparison && field->is_string()) {
      return position_error(c.position, label(c) + " is a string field, and " + op +
                                            " compares numbers (match its values with IN (\"...\"))");
    }
    if (comparison && current && current->is_string()) {
      return position_error(c.operand.position, "CurrentItem." + c.operand.name + " is a string field, and " + op +
                                                    " compares numbers");
    }
    if (!comparison && !field->is_string() && c.operand.kind == FilterOperand::Kind::kList) {
      for (const std::string& value : c.operand.strings) {
        if (!parse_number(value)) {
          return position_error(c.operand.position, label(c) + " is a numeric field, and the list value \"" + value +
                                                        "\" is not a number");
        }
      }
    }
    return Status::ok_status();
  }

  // The IN / NOT IN right-hand side.
  Result<ValueSet> value_set(const FilterCondition& c) const {
    ValueSet set;
    switch (c.operand.kind) {
      case FilterOperand::Kind::kList:
        for (const std::string& s : c.operand.strings) set.add(s);
        break;
      case FilterOperand::Kind::kParameter:
        for (const std::string& s : *values(c.operand.name)) set.add(s);
        break;
      case FilterOperand::Kind::kCurrentItem: {
        EDGEREC_ASSIGN_OR_RETURN(const ColumnView col, current_item_column(c));
        if (!context_.current_item || col.is_null(*context_.current_item)) break;
        if (col.is_string()) {
          for_each_value(col.text(*context_.current_item), [&](std::string_view v) { set.add(v); });
        } else if (const auto n = col.number(*context_.current_item)) {
          set.numbers.push_back(*n);
          set.numeric_only = true;
        }
        break;
      }
      case FilterOperand::Kind::kNumber:
        return internal_error("filter: a number operand with IN");
    }
    set.seal();
    return set;
  }

  // A comparison's right-hand side; nothing when it has no value (an unknown current item).
  Result<std::optional<double>> comparand(const FilterCondition& c) const {
    switch (c.operand.kind) {
      case FilterOperand::Kind::kNumber: return std::optional<double>(c.operand.number);
      case FilterOperand::Kind::kParameter: {
        const std::vector<std::string>& given = *values(c.operand.name);
        const std::optional<double> n = given.size() == 1 ? parse_number(given[0]) : std::nullopt;
        if (!n) {
          return invalid_input("request field filterValues." + c.operand.name + ": " + label(c) + " " +
                               filter_operator_name(c.op) + " $" + c.operand.name + " needs one number, got " +
                               (given.size() == 1 ? quote_for_message(given[0]) : std::to_string(given.size()) + " values"));
        }
        return std::optional<double>(n);
      }
      case FilterOperand::Kind::kCurrentItem: {
        EDGEREC_ASSIGN_OR_RETURN(const ColumnView col, current_item_column(c));
        if (!context_.current_item) return std::optional<double>();
        return col.number(*context_.current_item);
      }
      case FilterOperand::Kind::kList: break;
    }
    return internal_error("filter: a list operand with a comparison");
  }

  // Does the user row satisfy an IF condition?
  Result<bool> user_condition_holds(const FilterCondition& c) const {
    if (!context_.user) return false;
    EDGEREC_ASSIGN_OR_RETURN(const ColumnView col, column(true, c.field, label(c), c.position));
    const uint32_t row = *context_.user;
    if (c.op == FilterOperator::kIn || c.op == FilterOperator::kNotIn) {
      EDGEREC_ASSIGN_OR_RETURN(const ValueSet set, value_set(c));
      return matches(col, row, set) == (c.op == FilterOperator::kIn);
    }
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<double> rhs, comparand(c));
    const std::optional<double> lhs = col.number(row);
    return rhs && lhs && compare(*lhs, c.op, *rhs);
  }

  Result<bool> user_conditions_hold(const FilterClause& clause) const {
    for (const FilterCondition& c : clause.user_conditions) {
      EDGEREC_ASSIGN_OR_RETURN(const bool holds, user_condition_holds(c));
      if (!holds) return false;
    }
    return true;
  }

  Result<ItemMask> evaluate(const FilterClause& clause, const FilterNode& node) {
    if (node.kind == FilterNode::Kind::kCondition) return condition_mask(clause.conditions[node.condition]);
    EDGEREC_ASSIGN_OR_RETURN(ItemMask out, evaluate(clause, node.children[0]));
    const bool all = node.kind == FilterNode::Kind::kAnd;
    for (size_t k = 1; k < node.children.size(); ++k) {
      EDGEREC_ASSIGN_OR_RETURN(const ItemMask other, evaluate(clause, node.children[k]));
      for (uint32_t i = 0; i < items_; ++i) {
        out[i] = static_cast<uint8_t>(all ? (out[i] & other[i]) : (out[i] | other[i]));
      }
    }
    return out;
  }

  Result<ItemMask> condition_mask(const FilterCondition& c) {
    if (c.dataset == FilterDataset::kInteractions) return interaction_mask(c);
    ItemMask out(items_, 0);
    EDGEREC_ASSIGN_OR_RETURN(const ColumnView col, column(false, c.field, label(c), c.position));
    if (c.op == FilterOperator::kIn || c.op == FilterOperator::kNotIn) {
      EDGEREC_ASSIGN_OR_RETURN(const ValueSet set, value_set(c));
      const bool in = c.op == FilterOperator::kIn;
      for (uint32_t i = 0; i < items_; ++i) out[i] = static_cast<uint8_t>(matches(col, i, set) == in);
      return out;
    }
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<double> rhs, comparand(c));
    if (!rhs) return out;
    for (uint32_t i = 0; i < items_; ++i) {
      const std::optional<double> value = col.number(i);
      out[i] = static_cast<uint8_t>(value && compare(*value, c.op, *rhs));
    }
    return out;
  }

  // Personalize's window: the newest kFilterInteractionsPerEventType interactions of each type.
  const std::vector<const RecentInteraction*>& window() {
    if (window_ready_) return window_;
    window_ready_ = true;
    std::vector<size_t> order(context_.interaction_count);
    std::iota(order.begin(), order.end(), size_t{0});
    const RecentInteraction* all = context_.interactions;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (all[a].event_type != all[b].event_type) return all[a].event_type < all[b].event_type;
      if (all[a].timestamp != all[b].timestamp) return all[a].timestamp > all[b].timestamp;
      return a > b;
    });
    size_t run = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      run = k > 0 && all[order[k]].event_type == all[order[k - 1]].event_type ? run + 1 : 0;
      if (run < kFilterInteractionsPerEventType && all[order[k]].item < items_) window_.push_back(&all[order[k]]);
    }
    return window_;
  }

  Result<ItemMask> interaction_mask(const FilterCondition& c) {
    const std::vector<std::string>& types =
        c.operand.kind == FilterOperand::Kind::kParameter ? *values(c.operand.name) : c.operand.strings;
    const bool any = std::find(types.begin(), types.end(), "*") != types.end();
    const bool in = c.op == FilterOperator::kIn;
    ItemMask out(items_, 0);
    for (const RecentInteraction* r : window()) {
      const bool listed = any || std::any_of(types.begin(), types.end(), [&](const std::string& t) {
                            return equals_ignoring_case(t, r->event_type);
                          });
      if (listed == in) out[r->item] = 1;
    }
    return out;
  }

  const Solution& solution_;
  const FilterExpression& filter_;
  const FilterContext& context_;
  const uint32_t items_;
  bool window_ready_ = false;
  std::vector<const RecentInteraction*> window_;
};

}  // namespace

Result<ItemMask> compile_filter_mask(const Solution& solution, const FilterExpression& filter,
                                     const FilterContext& context) {
  if (context.interaction_count != 0 && context.interactions == nullptr) {
    return invalid_input("filter: interaction_count is set but interactions is null");
  }
  return MaskCompiler(solution, filter, context).run();
}

}  // namespace edgerec
