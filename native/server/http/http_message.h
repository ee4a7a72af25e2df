// The server's HTTP request and response as plain values, so that nothing above the transport
// (http_server.cpp, the one file that includes Boost.Beast) depends on the HTTP library.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgerec::server {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< as sent: path and query, e.g. "/recommendations?x=1"
  std::vector<Header> headers;  ///< in arrival order, names as sent
  std::string body;
  std::string remote;  ///< peer address, for logs
  std::chrono::steady_clock::time_point received;

  /// The path part of the target (before '?').
  std::string_view path() const;
  /// The query part (after '?'), or empty.
  std::string_view query() const;
  /// The first header called `name` (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<Header> headers;
  std::string body;

  HttpResponse& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// Answers a request; may be called from any thread, exactly once (a handler may keep it and
/// answer later, e.g. after an event batch is committed).
using Respond = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest&& request, Respond respond)>;

/// ASCII case-insensitive equality (HTTP header names).
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// `s` without leading and trailing spaces and tabs (HTTP's optional whitespace, RFC 9110 5.6.3).
std::string_view trim_optional_whitespace(std::string_view s);

}  // namespace edgerec::server
