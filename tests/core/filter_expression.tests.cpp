// Filter expressions: the parsed tree for every construct, and every error with its position.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "filter/filter_expression.h"

using edgerec::FilterAction;
using edgerec::FilterClause;
using edgerec::FilterCondition;
using edgerec::FilterDataset;
using edgerec::FilterExpression;
using edgerec::FilterNode;
using edgerec::FilterOperand;

namespace {

std::string operand_text(const FilterOperand& o) {
  switch (o.kind) {
    case FilterOperand::Kind::kList: {
      std::string s = "(";
      for (size_t i = 0; i < o.strings.size(); ++i) s += (i ? "," : "") + ("\"" + o.strings[i] + "\"");
      return s + ")";
    }
    case FilterOperand::Kind::kNumber: {
      std::string s = std::to_string(o.number);
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') s.pop_back();
      return s;
    }
    case FilterOperand::Kind::kParameter: return "$" + o.name;
    case FilterOperand::Kind::kCurrentItem: return "CurrentItem." + o.name;
  }
  return "?";
}

std::string condition_text(const FilterCondition& c) {
  const char* dataset = c.dataset == FilterDataset::kItems          ? "Items"
                        : c.dataset == FilterDataset::kInteractions ? "Interactions"
                                                                    : "CurrentUser";
  return std::string(dataset) + "." + c.field + " " + edgerec::filter_operator_name(c.op) + " " +
         operand_text(c.operand);
}

std::string node_text(const FilterClause& clause, const FilterNode& node) {
  if (node.kind == FilterNode::Kind::kCondition) return condition_text(clause.conditions[node.condition]);
  std::string s = "[";
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i) s += node.kind == FilterNode::Kind::kAnd ? " AND " : " OR ";
    s += node_text(clause, node.children[i]);
  }
  return s + "]";
}

// A canonical rendering of the tree: explicit brackets around every AND / OR.
std::string tree(const FilterExpression& e) {
  std::string s;
  for (size_t k = 0; k < e.clauses.size(); ++k) {
    const FilterClause& c = e.clauses[k];
    if (k) s += " | ";
    s += c.action == FilterAction::kInclude ? "INCLUDE " : "EXCLUDE ";
    s += node_text(c, c.where);
    for (size_t i = 0; i < c.user_conditions.size(); ++i) {
      s += (i ? " AND " : " IF ") + condition_text(c.user_conditions[i]);
    }
  }
  return s;
}

FilterExpression parse(const std::string& text) {
  auto parsed = edgerec::parse_filter_expression(text);
  INFO(text);
  INFO(parsed.status().to_string());
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

std::string parsed_tree(const std::string& text) { return tree(parse(text)); }

std::string error(const std::string& text) {
  auto parsed = edgerec::parse_filter_expression(text);
  INFO(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == edgerec::StatusCode::kInvalidInput);
  return parsed.status().message();
}

}  // namespace

TEST_CASE("filter expression: every operator", "[filter]") {
  const std::string w = "INCLUDE ItemID WHERE ";
  CHECK(parsed_tree(w + R"(Items.GENRE IN ("comedy"))") == R"(INCLUDE Items.GENRE IN ("comedy"))");
  CHECK(parsed_tree(w + R"(Items.GENRE NOT IN ("a", "b"))") == R"(INCLUDE Items.GENRE NOT IN ("a","b"))");
  CHECK(parsed_tree(w + "Items.PRICE = 10") == "INCLUDE Items.PRICE = 10");
  CHECK(parsed_tree(w + "Items.PRICE < 10.5") == "INCLUDE Items.PRICE < 10.5");
  CHECK(parsed_tree(w + "Items.PRICE <= -3") == "INCLUDE Items.PRICE <= -3");
  CHECK(parsed_tree(w + "Items.PRICE > 1e3") == "INCLUDE Items.PRICE > 1000");
  CHECK(parsed_tree(w + "Items.PRICE >= \"7\"") == "INCLUDE Items.PRICE >= 7");  // a quoted number
  CHECK(parsed_tree(w + "Items.PRICE>=7") == "INCLUDE Items.PRICE >= 7");        // no spaces needed
}

TEST_CASE("filter expression: lists, escapes, parameters, CurrentItem, event types", "[filter]") {
  const std::string w = "EXCLUDE ItemID WHERE ";
  CHECK(parsed_tree(w + R"(Items.TITLE IN ("say \"hi\"", "back\\slash", "a|b", ""))") ==
        R"(EXCLUDE Items.TITLE IN ("say "hi"","back\slash","a|b",""))");
  const FilterExpression p = parse("INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.PRICE < $MAX_price1 OR "
                                   "Items.CATEGORY IN $GENRE");
  CHECK(tree(p) == "INCLUDE [[Items.GENRE IN $GENRE AND Items.PRICE < $MAX_price1] OR Items.CATEGORY IN $GENRE]");
  CHECK(p.clauses[0].parameters == std::vector<std::string>{"GENRE", "MAX_price1"});
  CHECK(p.fields == std::vector<std::string>{"Items.GENRE", "Items.PRICE", "Items.CATEGORY"});
  CHECK(parsed_tree("INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE") ==
        "INCLUDE [Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE]");
  // IN (CurrentItem.F), parenthesised as Personalize's documentation writes it: the same tree.
  CHECK(parsed_tree("INCLUDE ItemID WHERE Items.GENRE IN (CurrentItem.GENRE)") ==
        "INCLUDE Items.GENRE IN CurrentItem.GENRE");
  CHECK(parsed_tree("INCLUDE ItemID WHERE Items.GENRE NOT IN ( CurrentItem.GENRE )") ==
        "INCLUDE Items.GENRE NOT IN CurrentItem.GENRE");
  CHECK(parsed_tree(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))") ==
        R"(EXCLUDE Interactions.EVENT_TYPE IN ("*"))");
  CHECK(parsed_tree(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("Purchase", "click"))") ==
        R"(EXCLUDE Interactions.EVENT_TYPE NOT IN ("Purchase","click"))");
  CHECK(parsed_tree("INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($TYPES)") ==
        "INCLUDE Interactions.EVENT_TYPE IN $TYPES");
  // Keywords and dataset names in any case; field names as written.
  CHECK(parsed_tree(R"(include itemid where items.Genre in ("a") or ITEMS.b in ("b") | )"
                    R"(exclude ItemId Where INTERACTIONS.event_type not in ("c"))") ==
        R"(INCLUDE [Items.Genre IN ("a") OR Items.b IN ("b")] | EXCLUDE Interactions.EVENT_TYPE NOT IN ("c"))");
}

TEST_CASE("filter expression: AND binds tighter than OR, parentheses group", "[filter]") {
  const std::string a = R"(Items.A IN ("a"))";
  const std::string b = R"(Items.B IN ("b"))";
  const std::string c = R"(Items.C IN ("c"))";
  const std::string w = "INCLUDE ItemID WHERE ";
  CHECK(parsed_tree(w + a + " OR " + b + " AND " + c) == "INCLUDE [" + a + " OR [" + b + " AND " + c + "]]");
  CHECK(parsed_tree(w + a + " AND " + b + " OR " + c) == "INCLUDE [[" + a + " AND " + b + "] OR " + c + "]");
  CHECK(parsed_tree(w + "(" + a + " OR " + b + ") AND " + c) == "INCLUDE [[" + a + " OR " + b + "] AND " + c + "]");
  CHECK(parsed_tree(w + a + " AND " + b + " AND " + c) == "INCLUDE [" + a + " AND " + b + " AND " + c + "]");
  CHECK(parsed_tree(w + "((" + a + "))") == "INCLUDE " + a);
}

TEST_CASE("filter expression: IF CurrentUser and chains", "[filter]") {
  const FilterExpression e = parse(R"(EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE > 30 AND )"
                                   R"(CurrentUser.TIER IN ("gold") | INCLUDE ItemID WHERE Items.PRICE < 5 | )"
                                   R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase"))");
  CHECK(tree(e) == R"(EXCLUDE Items.GENRE IN $GENRE IF CurrentUser.AGE > 30 AND CurrentUser.TIER IN ("gold"))"
                   R"( | INCLUDE Items.PRICE < 5 | EXCLUDE Interactions.EVENT_TYPE IN ("purchase"))");
  REQUIRE(e.clauses.size() == 3);
  CHECK(e.clauses[1].action == FilterAction::kInclude);
  CHECK(e.clauses[1].position == 105);
  CHECK(e.clauses[2].dataset == FilterDataset::kInteractions);
  CHECK(e.fields.size() == 5);
  CHECK(parsed_tree("INCLUDE ItemID WHERE Items.PRICE < 5 IF CurrentUser.AGE >= $AGE") ==
        "INCLUDE Items.PRICE < 5 IF CurrentUser.AGE >= $AGE");
}

TEST_CASE("filter expression: every error names its position and what was expected", "[filter]") {
  const std::pair<std::string, std::string> cases[] = {
      {"", "filter: position 1: expected INCLUDE or EXCLUDE, got the end of the expression"},
      {"   ", "filter: position 4: expected INCLUDE or EXCLUDE, got the end of the expression"},
      {R"(INCLUDE ItemID WHERE Items.GENRE LIKE ("a"))",
       "filter: position 34: expected IN, NOT IN, =, <, <=, > or >= after Items.GENRE, got 'LIKE'"},
      {R"(INCLUDE ItemID Items.GENRE IN ("a"))", "filter: position 16: expected WHERE after ItemID, got 'Items'"},
      {R"(INCLUDE UserID WHERE Users.TIER IN ("a"))",
       "filter: position 9: only ItemID filters are served (UserID and ActionID filters are for segments and "
       "actions), got 'UserID'"},
      {R"(INCLUDE Items WHERE Items.A IN ("a"))", "filter: position 9: expected ItemID after INCLUDE, got 'Items'"},
      {R"(EXCLUDE ItemID WHERE Items.GENRE NOT IN ($G))",
       "filter: position 42: $G is not allowed with NOT IN (use IN with the opposite action, INCLUDE or EXCLUDE)"},
      {R"(EXCLUDE ItemID WHERE Items.GENRE NOT IN $G)", "filter: position 41: $G is not allowed with NOT IN"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("*"))",
       "filter: position 38: \"*\" (any event type) is only valid with Interactions.EVENT_TYPE"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("a") AND Interactions.EVENT_TYPE IN ("click"))",
       "filter: position 47: expected an Items condition like the expression's first (conditions joined by AND / OR "
       "use one dataset; chain expressions with | to combine Items and Interactions)"},
      {R"(EXCLUDE ItemID WHERE Interactions.EVENT_VALUE IN ("1"))",
       "filter: position 35: expected EVENT_TYPE after Interactions. (the only Interactions field a filter can use), "
       "got 'EVENT_VALUE'"},
      {"EXCLUDE ItemID WHERE Interactions.EVENT_TYPE < 3",
       "filter: position 46: expected IN or NOT IN after Interactions.EVENT_TYPE, got '<'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("comedy))",
       "filter: position 38: unterminated string: expected a closing \""},
      {"INCLUDE ItemID WHERE Items.PRICE # 3", "filter: position 34: unexpected character '#'"},
      {"INCLUDE ItemID WHERE (Items.PRICE < 3",
       "filter: position 38: expected AND, OR or ) to close the ( at position 22, got the end of the expression"},
      {"INCLUDE ItemID WHERE Items.PRICE < 3)",
       "filter: position 37: expected AND, OR, IF, | or the end of the expression, got ')'"},
      {"INCLUDE ItemID WHERE Items.PRICE < 3 IF CurrentUser.AGE > 3 OR CurrentUser.AGE < 1",
       "filter: position 61: expected AND, | or the end of the expression after the IF condition, got 'OR'"},
      {"INCLUDE ItemID WHERE Items.PRICE < 3 IF Items.AGE > 3",
       "filter: position 41: expected CurrentUser.FIELD after IF, got 'Items'"},
      {"INCLUDE ItemID WHERE Items.PRICE < 3 IF CurrentUser.AGE > CurrentItem.AGE",
       "filter: position 59: expected a number or $PARAM after >, got 'CurrentItem'"},
      {R"(INCLUDE ItemID WHERE Items.PRICE < "abc")",
       "filter: position 36: expected a number, $PARAM or CurrentItem.FIELD after <, got '\"abc\"'"},
      {"INCLUDE ItemID WHERE Items.GENRE IN ()",
       "filter: position 38: expected a quoted string or $PARAM in the list, got ')'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("a" "b"))", "filter: position 42: expected , or ) in the list, got '\"b\"'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("a",))", "filter: position 42: expected a quoted string after the comma, got ')'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN "a")",
       "filter: position 37: expected a list (\"a\", \"b\"), $PARAM or CurrentItem.FIELD after IN, got '\"a\"'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("é") AND #)", "filter: position 47: unexpected character '#'"},
      {"INCLUDE ItemID WHERE CurrentItem.PRICE < 3",
       "filter: position 22: CurrentItem.FIELD can only be compared against, as in Items.PRICE < CurrentItem.PRICE"},
      {R"(INCLUDE ItemID WHERE CurrentUser.AGE IN ("3"))",
       "filter: position 22: CurrentUser conditions go at the end of an expression, after IF"},
      {R"(INCLUDE ItemID WHERE Users.AGE IN ("3"))", "filter: position 22: Users conditions filter users (segments)"},
      {R"(INCLUDE ItemID WHERE Actions.A IN ("3"))",
       "filter: position 22: expected Items.FIELD or Interactions.EVENT_TYPE, got 'Actions'"},
      {"INCLUDE ItemID WHERE Items.PRICE < 1.2.3", "filter: position 36: \"1.2.3\" is not a number"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("a") |)",
       "filter: position 44: expected INCLUDE or EXCLUDE, got the end of the expression"},
      {R"(INCLUDE ItemID WHERE Items.GENRE IN ("a") EXCLUDE)",
       "filter: position 43: expected AND, OR, IF, | or the end of the expression, got 'EXCLUDE'"},
      {R"(INCLUDE ItemID WHERE Items.GENRE NOT ("a"))", "filter: position 38: expected IN after NOT, got '('"},
      {R"(INCLUDE ItemID WHERE Items GENRE IN ("a"))", "filter: position 28: expected . after Items, got 'GENRE'"},
      {R"(INCLUDE ItemID WHERE Items.("a"))", "filter: position 28: expected a field name after Items., got '('"},
      {"INCLUDE ItemID WHERE Items.GENRE IN ($)", "filter: position 38: expected a parameter name after $"},
      {"INCLUDE ItemID WHERE Items.GENRE IN ($G", "filter: position 40: expected ) after $G, got the end"},
      {"INCLUDE ItemID WHERE Items.GENRE IN ($" + std::string(51, 'P') + ")",
       "filter: position 38: parameter names are at most 50 characters"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    CHECK_THAT(error(text), Catch::StartsWith(message));
  }
}

TEST_CASE("filter expression: at most 5 distinct fields", "[filter]") {
  std::string text = "INCLUDE ItemID WHERE ";
  for (const char f : std::string("ABCDE")) text += std::string("Items.") + f + " IN (\"x\") AND ";
  // Repeating a field, or naming it through CurrentItem, does not count twice.
  CHECK(parse(text + "Items.A IN (\"y\") AND Items.B < CurrentItem.B").fields.size() == 5);
  const std::string sixth = text + "Items.F IN (\"x\")";
  CHECK(error(sixth) == "filter: position " + std::to_string(sixth.rfind("Items.F") + 1) +
                            ": a filter may use at most 5 distinct fields; Items.F is the 6th");
  CHECK_THAT(error(text + "Items.A < CurrentItem.G"), Catch::Contains("Items.G is the 6th"));
  CHECK_THAT(error(text + "Items.A < 3 IF CurrentUser.AGE > 3"), Catch::Contains("CurrentUser.AGE is the 6th"));
}

TEST_CASE("filter expression: at most 2500 characters", "[filter]") {
  const std::string prefix = "INCLUDE ItemID WHERE Items.GENRE IN (\"";
  const std::string text = prefix + std::string(2500 - prefix.size() - 2, 'a') + "\")";
  REQUIRE(text.size() == 2500);
  CHECK(parse(text).clauses.size() == 1);
  CHECK(error(text + " ") == "filter: the expression is 2501 characters long, at most 2500");
  // Characters, not bytes: 2500 two-byte characters inside a string are 2500 characters.
  std::string wide = prefix;
  for (size_t i = 0; i < 2500 - prefix.size() - 2; ++i) wide += "\xC3\xA9";
  wide += "\")";
  CHECK(parse(wide).clauses.size() == 1);
}

TEST_CASE("filter expression: nesting is bounded", "[filter]") {
  const std::string deep = "INCLUDE ItemID WHERE " + std::string(33, '(') + "Items.A IN (\"a\")" + std::string(33, ')');
  CHECK(error(deep) == "filter: position 54: parentheses nested more than 32 deep");
  const std::string ok = "INCLUDE ItemID WHERE " + std::string(32, '(') + "Items.A IN (\"a\")" + std::string(32, ')');
  CHECK(parse(ok).clauses.size() == 1);
}

TEST_CASE("filter expression: truncations and mutations never crash", "[filter]") {
  const std::string samples[] = {
      R"(INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.PRICE < CurrentItem.PRICE OR (Items.A NOT IN ("x", "y\"z")))"
      R"( IF CurrentUser.AGE >= 18 AND CurrentUser.TIER IN ("gold") | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))",
      R"(EXCLUDE ItemID WHERE Items.PRICE > -1.5e3 | INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.GENRE)",
  };
  std::mt19937 rng(7);
  const std::string alphabet = "()\"$,.|<>=! aZ_09\\\xC3\xA9INCLUDEORAND";
  size_t ok = 0;
  size_t failed = 0;
  for (const std::string& sample : samples) {
    for (size_t n = 0; n <= sample.size(); ++n) {
      auto parsed = edgerec::parse_filter_expression(sample.substr(0, n));
      if (parsed.ok()) ++ok;
      else {
        ++failed;
        REQUIRE(parsed.status().code() == edgerec::StatusCode::kInvalidInput);
        REQUIRE_THAT(parsed.status().message(), Catch::StartsWith("filter: "));
      }
    }
    for (int round = 0; round < 2000; ++round) {
      std::string text = sample;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const size_t at = rng() % (text.size() + 1);
        switch (rng() % 3) {
          case 0: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
          case 1: if (at < text.size()) text.erase(at, 1); break;
          default: if (at < text.size()) text[at] = static_cast<char>(rng() % 256); break;
        }
      }
      auto parsed = edgerec::parse_filter_expression(text);
      if (parsed.ok()) ++ok;
      else {
        ++failed;
        REQUIRE(parsed.status().code() == edgerec::StatusCode::kInvalidInput);
      }
    }
  }
  CHECK(ok > 0);
  CHECK(failed > 0);
}
