// An HTTP request as the server's parser hands it to authentication: views into the parser's
// buffers, valid for the call that receives them, so verifying a request copies nothing first.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgerec::auth {

struct HeaderView {
  std::string_view name;   ///< as received, any case
  std::string_view value;  ///< as received (the parser has dropped the whitespace around it)
};

struct HttpRequestView {
  std::string_view method;  ///< "POST"
  /// The request target's path as sent, still percent-encoded, without the query: "/recommendations".
  std::string_view path;
  std::string_view query;  ///< after the '?', as sent; empty without one
  /// Every header line in arrival order; a name sent twice appears twice.
  std::vector<HeaderView> headers;
  std::string_view body;
};

/// The view of a request as an HTTP layer keeps it: the request target as sent ("/path?query",
/// split at the first '?') and the header lines as name/value pairs (server/http's HttpRequest).
HttpRequestView request_view(std::string_view method, std::string_view target,
                             const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body);

}  // namespace edgerec::auth
