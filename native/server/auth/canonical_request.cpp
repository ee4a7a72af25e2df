#include "server/auth/canonical_request.h"

#include <algorithm>
#include <utility>

#include "server/auth/uri_encoding.h"

namespace edgerec::auth {
namespace {

// What JavaScript's \s and Python's str.split() treat as whitespace within ASCII: the SDKs
// collapse all of it, not only spaces.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string lower_header_name(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string canonical_uri(std::string_view path_as_sent) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path_as_sent.size()) {
    size_t slash = path_as_sent.find('/', start);
    if (slash == std::string_view::npos) slash = path_as_sent.size();
    const std::string_view segment = path_as_sent.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string normalised = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) normalised += '/';
    normalised += segments[i];
  }
  // A trailing slash survives normalisation ("/a/" stays "/a/"), as in the SDKs.
  if (!segments.empty() && !path_as_sent.empty() && path_as_sent.back() == '/') normalised += '/';
  return aws_uri_encode(normalised, /*keep_slash=*/true);
}

std::string canonical_query(std::string_view query_as_sent) {
  std::vector<std::pair<std::string, std::string>> parameters;
  size_t start = 0;
  while (start <= query_as_sent.size()) {
    size_t amp = query_as_sent.find('&', start);
    if (amp == std::string_view::npos) amp = query_as_sent.size();
    const std::string_view part = query_as_sent.substr(start, amp - start);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      const std::string_view name = part.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      parameters.emplace_back(aws_uri_encode(percent_decode(name)), aws_uri_encode(percent_decode(value)));
    }
    start = amp + 1;
  }
  std::sort(parameters.begin(), parameters.end());
  std::string out;
  for (const auto& [name, value] : parameters) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

std::string canonical_request(const HttpRequestView& request, const std::vector<std::string_view>& signed_headers,
                              std::string_view payload_hash) {
  std::string out;
  out.append(request.method);
  out += '\n';
  out += canonical_uri(request.path);
  out += '\n';
  out += canonical_query(request.query);
  out += '\n';
  for (const std::string_view name : signed_headers) {
    out.append(name);
    out += ':';
    bool first = true;
    for (const HeaderView& header : request.headers) {
      if (!header_name_equals(header.name, name)) continue;
      if (!first) out += ',';
      out += canonical_header_value(header.value);
      first = false;
    }
    out += '\n';
  }
  out += '\n';
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    if (i > 0) out += ';';
    out.append(signed_headers[i]);
  }
  out += '\n';
  out.append(payload_hash);
  return out;
}

}  // namespace edgerec::auth
