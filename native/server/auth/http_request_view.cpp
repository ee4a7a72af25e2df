#include "server/auth/http_request_view.h"

namespace edgerec::auth {

HttpRequestView request_view(std::string_view method, std::string_view target,
                             const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  HttpRequestView view;
  view.method = method;
  const size_t question = target.find('?');
  view.path = target.substr(0, question);
  if (question != std::string_view::npos) view.query = target.substr(question + 1);
  view.headers.reserve(headers.size());
  for (const auto& [name, value] : headers) view.headers.push_back({name, value});
  view.body = body;
  return view;
}

}  // namespace edgerec::auth
