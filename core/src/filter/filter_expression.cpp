// Filter expressions: a tokenizer and a recursive-descent parser (grammar in the header).
#include "filter/filter_expression.h"

#include <algorithm>

#include "edgerec/limits.h"
#include "edgerec/message_text.h"
#include "format/metadata_column.h"

namespace edgerec {
namespace {

enum class Tok : uint8_t {
  kWord, kNumber, kString, kParameter, kDot, kOpen, kClose, kComma, kPipe,
  kEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;      // kWord: the word; kString: the unescaped content; kParameter: the name
  double number = 0.0;   // kNumber
  std::string_view raw;  // the source text of the token
  size_t position = 0;   // 1-based character position
};

bool is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool keyword(const Token& t, std::string_view word) {
  if (t.kind != Tok::kWord || t.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const char a = t.text[i];
    const char lower = a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a;
    const char b = word[i] >= 'A' && word[i] <= 'Z' ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
    if (lower != b) return false;
  }
  return true;
}

Status error_at(size_t position, const std::string& message) {
  return invalid_input("filter: position " + std::to_string(position) + ": " + message);
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> tokens;
    for (;;) {
      while (at_ < text_.size() && is_space(text_[at_])) advance(1);
      Token t;
      t.position = position_;
      const size_t start = at_;
      if (at_ == text_.size()) {
        tokens.push_back(t);
        return tokens;
      }
      const char c = text_[at_];
      if (is_word_start(c)) {
        while (at_ < text_.size() && is_word_char(text_[at_])) advance(1);
        t.kind = Tok::kWord;
        t.text = std::string(text_.substr(start, at_ - start));
      } else if (is_digit(c) || ((c == '-' || c == '+') && at_ + 1 < text_.size() && is_digit(text_[at_ + 1]))) {
        advance(1);
        while (at_ < text_.size() && (is_digit(text_[at_]) || text_[at_] == '.' || text_[at_] == 'e' ||
                                      text_[at_] == 'E' ||
                                      ((text_[at_] == '-' || text_[at_] == '+') &&
                                       (text_[at_ - 1] == 'e' || text_[at_ - 1] == 'E')))) {
          advance(1);
        }
        const std::string_view written = text_.substr(start, at_ - start);
        const std::optional<double> n = parse_number(written);
        if (!n) return error_at(t.position, "\"" + std::string(written) + "\" is not a number");
        t.kind = Tok::kNumber;
        t.number = *n;
      } else if (c == '"') {
        advance(1);
        bool closed = false;
        while (at_ < text_.size()) {
          const char s = text_[at_];
          if (s == '"') {
            advance(1);
            closed = true;
            break;
          }
          if (s == '\\' && at_ + 1 < text_.size()) {  // \" and \\ escape; other pairs stay as written
            const char next = text_[at_ + 1];
            if (next == '"' || next == '\\') {
              t.text.push_back(next);
              advance(2);
              continue;
            }
          }
          t.text.push_back(s);
          advance(1);
        }
        if (!closed) return error_at(t.position, "unterminated string: expected a closing \"");
        t.kind = Tok::kString;
      } else if (c == '$') {
        advance(1);
        while (at_ < text_.size() && is_word_char(text_[at_])) advance(1);
        t.kind = Tok::kParameter;
        t.text = std::string(text_.substr(start + 1, at_ - start - 1));
        if (t.text.empty()) return error_at(t.position, "expected a parameter name after $");
        if (t.text.size() > kMaxFilterParameterName) {
          return error_at(t.position, "parameter names are at most " + std::to_string(kMaxFilterParameterName) +
                                          " characters, $" + t.text.substr(0, 20) + "... has " +
                                          std::to_string(t.text.size()));
        }
      } else {
        const bool two = at_ + 1 < text_.size() && text_[at_ + 1] == '=';
        switch (c) {
          case '.': t.kind = Tok::kDot; break;
          case '(': t.kind = Tok::kOpen; break;
          case ')': t.kind = Tok::kClose; break;
          case ',': t.kind = Tok::kComma; break;
          case '|': t.kind = Tok::kPipe; break;
          case '=': t.kind = Tok::kEqual; break;
          case '<': t.kind = two ? Tok::kLessEqual : Tok::kLess; break;
          case '>': t.kind = two ? Tok::kGreaterEqual : Tok::kGreater; break;
          default: {
            size_t end = at_ + 1;
            while (end < text_.size() && is_continuation(text_[end])) ++end;
            return error_at(t.position, "unexpected character " + single_quote_for_message(text_.substr(at_, end - at_)));
          }
        }
        advance(t.kind == Tok::kLessEqual || t.kind == Tok::kGreaterEqual ? 2 : 1);
      }
      t.raw = text_.substr(start, at_ - start);
      tokens.push_back(std::move(t));
    }
  }

 private:
  // Moves over n bytes, counting characters (UTF-8 lead bytes) for positions.
  void advance(size_t n) {
    for (size_t i = 0; i < n && at_ < text_.size(); ++i, ++at_) {
      if (!is_continuation(text_[at_])) ++position_;
    }
  }

  std::string_view text_;
  size_t at_ = 0;
  size_t position_ = 1;  // of text_[at_]
};

std::string describe(const Token& t) {
  if (t.kind == Tok::kEnd) return "the end of the expression";
  return single_quote_for_message(t.raw, 40);
}

bool is_comparison(Tok kind) {
  return kind == Tok::kEqual || kind == Tok::kLess || kind == Tok::kLessEqual || kind == Tok::kGreater ||
         kind == Tok::kGreaterEqual;
}

FilterOperator comparison_of(Tok kind) {
  switch (kind) {
    case Tok::kEqual: return FilterOperator::kEqual;
    case Tok::kLess: return FilterOperator::kLess;
    case Tok::kLessEqual: return FilterOperator::kLessEqual;
    case Tok::kGreater: return FilterOperator::kGreater;
    default: return FilterOperator::kGreaterEqual;
  }
}

const char* dataset_name(FilterDataset d) {
  switch (d) {
    case FilterDataset::kItems: return "Items";
    case FilterDataset::kInteractions: return "Interactions";
    case FilterDataset::kCurrentUser: return "CurrentUser";
  }
  return "?";
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, FilterExpression& out) : tokens_(std::move(tokens)), out_(out) {}

  Status parse() {
    for (;;) {
      FilterClause clause;
      EDGEREC_RETURN_IF_ERROR(parse_clause(clause));
      out_.clauses.push_back(std::move(clause));
      if (peek().kind == Tok::kEnd) return Status::ok_status();
      next();  // the | that parse_clause stopped at
    }
  }

 private:
  const Token& peek() const { return tokens_[at_]; }
  const Token& next() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }

  Status expected(const Token& t, const std::string& what) const {
    return error_at(t.position, "expected " + what + ", got " + describe(t));
  }

  Status parse_clause(FilterClause& clause) {
    const Token& action = next();
    if (keyword(action, "INCLUDE")) {
      clause.action = FilterAction::kInclude;
    } else if (keyword(action, "EXCLUDE")) {
      clause.action = FilterAction::kExclude;
    } else {
      return expected(action, "INCLUDE or EXCLUDE");
    }
    clause.position = action.position;
    const Token& subject = next();
    if (keyword(subject, "UserID") || keyword(subject, "ActionID")) {
      return error_at(subject.position, "only ItemID filters are served (UserID and ActionID filters are for segments "
                                        "and actions), got " + describe(subject));
    }
    if (!keyword(subject, "ItemID")) return expected(subject, "ItemID after " + std::string(action.raw));
    const Token& where = next();
    if (!keyword(where, "WHERE")) return expected(where, "WHERE after ItemID");
    EDGEREC_RETURN_IF_ERROR(parse_or(clause, clause.where, 0));
    if (keyword(peek(), "IF")) {
      next();
      for (;;) {
        FilterCondition condition;
        EDGEREC_RETURN_IF_ERROR(parse_condition(clause, condition, true));
        clause.user_conditions.push_back(std::move(condition));
        if (!keyword(peek(), "AND")) break;
        next();
      }
      if (peek().kind != Tok::kPipe && peek().kind != Tok::kEnd) {
        return expected(peek(), "AND, | or the end of the expression after the IF condition");
      }
      return Status::ok_status();
    }
    if (peek().kind != Tok::kPipe && peek().kind != Tok::kEnd) {
      return expected(peek(), "AND, OR, IF, | or the end of the expression");
    }
    return Status::ok_status();
  }

  Status parse_or(FilterClause& clause, FilterNode& node, int depth) {
    FilterNode first;
    EDGEREC_RETURN_IF_ERROR(parse_and(clause, first, depth));
    if (!keyword(peek(), "OR")) {
      node = std::move(first);
      return Status::ok_status();
    }
    node.kind = FilterNode::Kind::kOr;
    node.children.push_back(std::move(first));
    while (keyword(peek(), "OR")) {
      next();
      FilterNode child;
      EDGEREC_RETURN_IF_ERROR(parse_and(clause, child, depth));
      node.children.push_back(std::move(child));
    }
    return Status::ok_status();
  }

  Status parse_and(FilterClause& clause, FilterNode& node, int depth) {
    FilterNode first;
    EDGEREC_RETURN_IF_ERROR(parse_primary(clause, first, depth));
    if (!keyword(peek(), "AND")) {
      node = std::move(first);
      return Status::ok_status();
    }
    node.kind = FilterNode::Kind::kAnd;
    node.children.push_back(std::move(first));
    while (keyword(peek(), "AND")) {
      next();
      FilterNode child;
      EDGEREC_RETURN_IF_ERROR(parse_primary(clause, child, depth));
      node.children.push_back(std::move(child));
    }
    return Status::ok_status();
  }

  Status parse_primary(FilterClause& clause, FilterNode& node, int depth) {
    if (peek().kind == Tok::kOpen) {
      const Token& open = next();
      if (depth >= kMaxFilterNesting) {
        return error_at(open.position, "parentheses nested more than " + std::to_string(kMaxFilterNesting) + " deep");
      }
      EDGEREC_RETURN_IF_ERROR(parse_or(clause, node, depth + 1));
      if (peek().kind != Tok::kClose) {
        return expected(peek(), "AND, OR or ) to close the ( at position " + std::to_string(open.position));
      }
      next();
      return Status::ok_status();
    }
    FilterCondition condition;
    EDGEREC_RETURN_IF_ERROR(parse_condition(clause, condition, false));
    node.kind = FilterNode::Kind::kCondition;
    node.condition = clause.conditions.size();
    clause.conditions.push_back(std::move(condition));
    return Status::ok_status();
  }

  // Records a field; refuses the sixth distinct one.
  Status count_field(const std::string& key, size_t position) {
    if (std::find(out_.fields.begin(), out_.fields.end(), key) != out_.fields.end()) return Status::ok_status();
    if (out_.fields.size() == kMaxFilterFields) {
      return error_at(position, "a filter may use at most " + std::to_string(kMaxFilterFields) +
                                    " distinct fields; " + key + " is the " + std::to_string(kMaxFilterFields + 1) +
                                    "th");
    }
    out_.fields.push_back(key);
    return Status::ok_status();
  }

  // "." FIELD after a dataset name; `field` receives the field's token.
  Status parse_field(std::string_view dataset, const Token*& field) {
    if (peek().kind != Tok::kDot) return expected(peek(), ". after " + std::string(dataset));
    next();
    const Token& name = next();
    if (name.kind != Tok::kWord) return expected(name, "a field name after " + std::string(dataset) + ".");
    field = &name;
    return Status::ok_status();
  }

  Status parse_condition(FilterClause& clause, FilterCondition& c, bool user) {
    const Token& dataset = next();
    c.position = dataset.position;
    if (user) {
      if (!keyword(dataset, "CurrentUser")) return expected(dataset, "CurrentUser.FIELD after IF");
      c.dataset = FilterDataset::kCurrentUser;
    } else if (keyword(dataset, "Items")) {
      c.dataset = FilterDataset::kItems;
    } else if (keyword(dataset, "Interactions")) {
      c.dataset = FilterDataset::kInteractions;
    } else if (keyword(dataset, "CurrentItem")) {
      return error_at(dataset.position, "CurrentItem.FIELD can only be compared against, as in "
                                        "Items.PRICE < CurrentItem.PRICE");
    } else if (keyword(dataset, "CurrentUser")) {
      return error_at(dataset.position, "CurrentUser conditions go at the end of an expression, after IF");
    } else if (keyword(dataset, "Users")) {
      return error_at(dataset.position, "Users conditions filter users (segments); an item filter uses Items or "
                                        "Interactions, and CurrentUser after IF");
    } else {
      return expected(dataset, "Items.FIELD or Interactions.EVENT_TYPE");
    }
    const Token* field = nullptr;
    EDGEREC_RETURN_IF_ERROR(parse_field(dataset.raw, field));
    c.field = field->text;
    if (c.dataset == FilterDataset::kInteractions) {
      if (!keyword(*field, "EVENT_TYPE")) {
        return error_at(field->position, "expected EVENT_TYPE after Interactions. (the only Interactions field a "
                                         "filter can use), got " + describe(*field));
      }
      c.field = "EVENT_TYPE";
    }
    if (!user) {
      if (clause.conditions.empty()) {
        clause.dataset = c.dataset;
      } else if (c.dataset != clause.dataset) {
        return error_at(c.position, std::string("expected an ") + dataset_name(clause.dataset) +
                                        " condition like the expression's first (conditions joined by AND / OR use "
                                        "one dataset; chain expressions with | to combine Items and Interactions)");
      }
    }
    const std::string subject = std::string(dataset_name(c.dataset)) + "." + c.field;
    EDGEREC_RETURN_IF_ERROR(count_field(subject, c.position));

    const Token& op = next();
    const bool list_only = c.dataset == FilterDataset::kInteractions;
    if (keyword(op, "IN")) {
      c.op = FilterOperator::kIn;
    } else if (keyword(op, "NOT") && keyword(peek(), "IN")) {
      next();
      c.op = FilterOperator::kNotIn;
    } else if (keyword(op, "NOT")) {
      return expected(peek(), "IN after NOT");
    } else if (is_comparison(op.kind) && !list_only) {
      c.op = comparison_of(op.kind);
    } else {
      return expected(op, (list_only ? "IN or NOT IN after " : "IN, NOT IN, =, <, <=, > or >= after ") + subject);
    }
    if (c.op == FilterOperator::kIn || c.op == FilterOperator::kNotIn) return parse_list(clause, c);
    return parse_number_operand(clause, c);
  }

  Status note_parameter(FilterClause& clause, const Token& t, FilterCondition& c) {
    if (c.op == FilterOperator::kNotIn) {
      return error_at(t.position, "$" + t.text + " is not allowed with NOT IN (use IN with the opposite action, "
                                  "INCLUDE or EXCLUDE)");
    }
    c.operand.kind = FilterOperand::Kind::kParameter;
    c.operand.name = t.text;
    if (std::find(clause.parameters.begin(), clause.parameters.end(), t.text) == clause.parameters.end()) {
      clause.parameters.push_back(t.text);
    }
    return Status::ok_status();
  }

  Status parse_current_item(FilterCondition& c) {
    const Token& word = next();
    if (c.dataset != FilterDataset::kItems) {
      return error_at(word.position, "CurrentItem can only be compared with Items fields");
    }
    const Token* field = nullptr;
    EDGEREC_RETURN_IF_ERROR(parse_field(word.raw, field));
    c.operand.name = field->text;
    c.operand.kind = FilterOperand::Kind::kCurrentItem;
    return count_field("Items." + c.operand.name, word.position);
  }

  Status parse_list(FilterClause& clause, FilterCondition& c) {
    const bool event_type = c.dataset == FilterDataset::kInteractions;
    const std::string after = std::string("after ") + filter_operator_name(c.op);
    c.operand.position = peek().position;
    if (peek().kind == Tok::kParameter) return note_parameter(clause, next(), c);
    if (keyword(peek(), "CurrentItem")) return parse_current_item(c);
    if (peek().kind != Tok::kOpen) {
      const char* others = c.dataset == FilterDataset::kItems ? ", $PARAM or CurrentItem.FIELD " : " or $PARAM ";
      return expected(peek(), std::string("a list (\"a\", \"b\")") + others + after);
    }
    next();
    if (keyword(peek(), "CurrentItem")) {  // IN (CurrentItem.F), as Personalize's documentation writes it
      EDGEREC_RETURN_IF_ERROR(parse_current_item(c));
      if (peek().kind != Tok::kClose) return expected(peek(), ") after CurrentItem." + c.operand.name);
      next();
      return Status::ok_status();
    }
    if (peek().kind == Tok::kParameter) {
      const Token& parameter = next();
      EDGEREC_RETURN_IF_ERROR(note_parameter(clause, parameter, c));
      if (peek().kind != Tok::kClose) return expected(peek(), ") after $" + parameter.text);
      next();
      return Status::ok_status();
    }
    c.operand.kind = FilterOperand::Kind::kList;
    for (;;) {
      const Token& value = next();
      if (value.kind != Tok::kString) {
        return expected(value, c.operand.strings.empty() ? "a quoted string or $PARAM in the list"
                                                         : "a quoted string after the comma");
      }
      if (value.text == "*" && !event_type) {
        return error_at(value.position, "\"*\" (any event type) is only valid with Interactions.EVENT_TYPE");
      }
      c.operand.strings.push_back(value.text);
      const Token& separator = next();
      if (separator.kind == Tok::kClose) return Status::ok_status();
      if (separator.kind != Tok::kComma) return expected(separator, ", or ) in the list");
    }
  }

  Status parse_number_operand(FilterClause& clause, FilterCondition& c) {
    const Token& t = peek();
    c.operand.position = t.position;
    if (t.kind == Tok::kNumber) {
      c.operand.kind = FilterOperand::Kind::kNumber;
      c.operand.number = next().number;
      return Status::ok_status();
    }
    if (t.kind == Tok::kString) {  // a quoted number, as "10"
      if (const std::optional<double> n = parse_number(t.text)) {
        c.operand.kind = FilterOperand::Kind::kNumber;
        c.operand.number = *n;
        next();
        return Status::ok_status();
      }
    }
    if (t.kind == Tok::kParameter) return note_parameter(clause, next(), c);
    if (keyword(t, "CurrentItem") && c.dataset == FilterDataset::kItems) return parse_current_item(c);
    return expected(t, std::string(c.dataset == FilterDataset::kItems ? "a number, $PARAM or CurrentItem.FIELD"
                                                                      : "a number or $PARAM") +
                           " after " + filter_operator_name(c.op));
  }

  std::vector<Token> tokens_;
  size_t at_ = 0;
  FilterExpression& out_;
};

}  // namespace

const char* filter_operator_name(FilterOperator op) {
  switch (op) {
    case FilterOperator::kIn: return "IN";
    case FilterOperator::kNotIn: return "NOT IN";
    case FilterOperator::kEqual: return "=";
    case FilterOperator::kLess: return "<";
    case FilterOperator::kLessEqual: return "<=";
    case FilterOperator::kGreater: return ">";
    case FilterOperator::kGreaterEqual: return ">=";
  }
  return "?";
}

Result<FilterExpression> parse_filter_expression(std::string_view text) {
  size_t characters = 0;
  for (const char c : text) characters += is_continuation(c) ? 0 : 1;
  if (characters > kMaxFilterExpressionLength) {
    return invalid_input("filter: the expression is " + std::to_string(characters) + " characters long, at most " +
                         std::to_string(kMaxFilterExpressionLength));
  }
  EDGEREC_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenizer(text).run());
  FilterExpression expression;
  expression.text = std::string(text);
  EDGEREC_RETURN_IF_ERROR(Parser(std::move(tokens), expression).parse());
  return expression;
}

}  // namespace edgerec
