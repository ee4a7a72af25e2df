// What the List and Describe operations share: paging, list responses, jobs found by name (see
// operations.h).
#include <algorithm>

#include "control/operations.h"
#include "edgerec/message_text.h"

namespace edgerec::control {
namespace {

// A token is the offset of the next page's first item, with a tag so that a token from a list
// of another kind, or one made up, is told apart from an offset.
constexpr const char* kTokenPrefix = "edgerec-page-";
constexpr const char* kTokenError = "nextToken ";

}  // namespace

Status write_page(JsonWriter& w, const Request& request, const char* key, const std::vector<std::string>& items) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> max_results, request.optional_integer("maxResults", 1, 100));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> token, request.optional_string("nextToken"));
  size_t begin = 0;
  if (token) {
    const std::string prefix = kTokenPrefix;
    bool ok = token->size() > prefix.size() && token->compare(0, prefix.size(), prefix) == 0;
    size_t offset = 0;
    for (size_t i = prefix.size(); ok && i < token->size(); ++i) {
      ok = (*token)[i] >= '0' && (*token)[i] <= '9' && offset < items.size() + 1;
      offset = offset * 10 + static_cast<size_t>((*token)[i] - '0');
    }
    if (!ok || offset > items.size()) return invalid_input(kTokenError + quote_for_message(*token) + " is not a token this list gave");
    begin = offset;
  }
  const size_t end = std::min(items.size(), begin + static_cast<size_t>(max_results.value_or(100)));
  w.key(key);
  w.begin_array();
  for (size_t i = begin; i < end; ++i) w.raw(items[i]);
  w.end_array();
  if (end < items.size()) {
    w.key("nextToken");
    w.string(kTokenPrefix + std::to_string(end));
  }
  return Status::ok_status();
}

Result<std::string> list_response(const Request& request, const char* key, const std::vector<std::string>& items) {
  JsonWriter w;
  w.begin_object();
  EDGEREC_RETURN_IF_ERROR(write_page(w, request, key, items));
  w.end_object();
  return w.take();
}

Result<std::string> job_by_name(const Home& home, const std::string& select, const std::string& name,
                                const std::function<std::string(const std::string& group_name, const sql::Statement& row)>& write,
                                const std::string& what, std::string_view arn) {
  EDGEREC_ASSIGN_OR_RETURN(auto found, home.find_resource<std::string>(
                                           [&](DatasetGroup& g) -> Result<std::optional<std::string>> {
                                             EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, g.db().prepare(select));
                                             s.bind_text(1, name);
                                             EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
                                             if (!row) return std::optional<std::string>();
                                             return std::optional<std::string>(write(dataset_group_name(g.dir()), s));
                                           },
                                           what, arn));
  return std::move(found.second);
}

bool is_next_token_error(const Status& status) { return status.message().rfind(kTokenError, 0) == 0; }

std::string arn_response(const char* key, const std::string& arn) {
  JsonWriter w;
  w.begin_object();
  w.key(key);
  w.string(arn);
  w.end_object();
  return w.take();
}

}  // namespace edgerec::control
