// Amazon Personalize's filter expression language, parsed once into a tree that filter_mask.h
// evaluates per request. The grammar (keywords and dataset names in any letter case; field names,
// parameter names and values exactly as written):
//
//   filter     := expression ( "|" expression )*
//   expression := (INCLUDE | EXCLUDE) ItemID WHERE or-cond [ IF user-cond ( AND user-cond )* ]
//   or-cond    := and-cond ( OR and-cond )*          AND binds tighter than OR:
//   and-cond   := primary ( AND primary )*            a OR b AND c  ==  a OR (b AND c)
//   primary    := condition | "(" or-cond ")"
//   condition  := Items.FIELD op operand
//               | Interactions.EVENT_TYPE (IN | NOT IN) list
//   user-cond  := CurrentUser.FIELD op operand         (no CurrentItem here)
//   op         := IN | NOT IN | = | < | <= | > | >=
//   operand    := list | NUMBER | $PARAM | CurrentItem.FIELD
//   list       := "(" "\"text\"" ( "," "\"text\"" )* ")" | "(" $PARAM ")" | $PARAM
//               | "(" CurrentItem.FIELD ")"
//
// Rules checked here, as Personalize checks them when a filter is created: IN / NOT IN take a
// list (or CurrentItem.FIELD), comparisons take a number, $PARAM or CurrentItem.FIELD; $PARAM is
// not allowed with NOT IN; "*" (any event type) only with EVENT_TYPE; the conditions of one
// expression all use the dataset of its first one (chain expressions with | to combine Items and
// Interactions); at most 2500 characters and 5 distinct fields (Items.F and CurrentItem.F are the
// same field). Errors are InvalidInput "filter: position N: expected ..." with N the 1-based
// character position. Whether a field exists is only known against a solution (filter_mask.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec {

enum class FilterAction : uint8_t { kInclude, kExclude };

/// Where a condition's left-hand field lives.
enum class FilterDataset : uint8_t {
  kItems,         ///< Items.FIELD: the candidate item's metadata column
  kInteractions,  ///< Interactions.EVENT_TYPE: the user's recent interactions with the item
  kCurrentUser,   ///< CurrentUser.FIELD (IF only): the requesting user's metadata column
};

enum class FilterOperator : uint8_t { kIn, kNotIn, kEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

/// "IN", "NOT IN", "=", "<", ...
const char* filter_operator_name(FilterOperator op);

struct FilterOperand {
  enum class Kind : uint8_t {
    kList,         ///< quoted strings: `strings`
    kNumber,       ///< a number literal: `number`
    kParameter,    ///< $NAME: `name` (without the $), resolved from filterValues per request
    kCurrentItem,  ///< CurrentItem.FIELD: `name` is the field, read from the request's item
  };
  Kind kind = Kind::kList;
  std::vector<std::string> strings;
  double number = 0.0;
  std::string name;
  size_t position = 0;  ///< 1-based character position of the operand
};

struct FilterCondition {
  FilterDataset dataset = FilterDataset::kItems;
  std::string field;
  FilterOperator op = FilterOperator::kIn;
  FilterOperand operand;
  size_t position = 0;  ///< 1-based position of the dataset name
};

/// The WHERE part as a tree of AND / OR over conditions.
struct FilterNode {
  enum class Kind : uint8_t { kCondition, kAnd, kOr };
  Kind kind = Kind::kCondition;
  size_t condition = 0;              ///< kCondition: index into FilterClause::conditions
  std::vector<FilterNode> children;  ///< kAnd / kOr: two or more
};

/// One INCLUDE / EXCLUDE expression of a chain.
struct FilterClause {
  FilterAction action = FilterAction::kInclude;
  FilterDataset dataset = FilterDataset::kItems;  ///< of every WHERE condition
  std::vector<FilterCondition> conditions;        ///< the WHERE conditions, in text order
  FilterNode where;
  std::vector<FilterCondition> user_conditions;  ///< IF CurrentUser ... AND ...: all must hold
  std::vector<std::string> parameters;           ///< distinct $PARAM names used, in text order
  size_t position = 0;                           ///< 1-based position of INCLUDE / EXCLUDE
};

struct FilterExpression {
  std::string text;
  std::vector<FilterClause> clauses;  ///< chained with |
  /// Distinct fields, e.g. "Items.GENRE", "Interactions.EVENT_TYPE", "CurrentUser.AGE".
  std::vector<std::string> fields;
};

/// Parses and checks an expression; InvalidInput "filter: position N: ..." if it is malformed.
Result<FilterExpression> parse_filter_expression(std::string_view text);

}  // namespace edgerec
