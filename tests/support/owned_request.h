// An HTTP request that owns its bytes, for tests of the server's authentication: the
// HttpRequestView the verifier takes points into it, so a test can build, tamper with and sign
// requests as plain strings.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/auth/canonical_request.h"
#include "server/auth/http_request_view.h"

namespace edgerec::testing {

struct OwnedRequest {
  std::string method = "GET";
  std::string path = "/";
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// Valid while this request is neither changed nor destroyed.
  auth::HttpRequestView view() const {
    auth::HttpRequestView v = auth::request_view(method, path, headers, body);
    v.query = query;  // kept apart, so that a test's path may hold a '?' byte
    return v;
  }

  /// The value of the first header called `name` (any case), or "".
  std::string header(std::string_view name) const {
    for (const auto& [n, value] : headers) {
      if (auth::header_name_equals(n, name)) return value;
    }
    return "";
  }

  /// Sets every header called `name` (any case) to `value`, or adds it if there is none.
  void set_header(const std::string& name, const std::string& value) {
    bool found = false;
    for (auto& [n, v] : headers) {
      if (auth::header_name_equals(n, name)) {
        v = value;
        found = true;
      }
    }
    if (!found) headers.emplace_back(name, value);
  }

  /// Removes every header called `name` (any case).
  void remove_header(std::string_view name) {
    std::vector<std::pair<std::string, std::string>> kept;
    for (auto& header : headers) {
      if (!auth::header_name_equals(header.first, name)) kept.push_back(std::move(header));
    }
    headers = std::move(kept);
  }
};

}  // namespace edgerec::testing
