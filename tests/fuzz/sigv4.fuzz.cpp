// Boundary: the SigV4 headers every signed request carries, before anyone is authenticated.
// Input: the request as text: a first line "METHOD TARGET", header lines "Name: value", an
// empty line, the body. Parsed alone (the Authorization header and the dates), then verified
// against one known key with a fixed clock, as the server verifies a request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/auth/amz_date.h"
#include "server/auth/authorization_header.h"
#include "server/auth/http_request_view.h"
#include "server/auth/sigv4_verifier.h"

namespace {

class OneKey : public edgerec::auth::AccessKeyLookup {
 public:
  const std::string* find_secret(std::string_view access_key_id) const override {
    return access_key_id == "AKIDFUZZ" ? &secret_ : nullptr;
  }

 private:
  std::string secret_ = "fuzz-secret-key";
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t at = input.find('\n');
  const std::string_view first = input.substr(0, at);
  const size_t space = first.find(' ');
  const std::string_view method = first.substr(0, space);
  const std::string_view target = space == std::string_view::npos ? std::string_view() : first.substr(space + 1);
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
  while (at != std::string_view::npos) {
    const size_t begin = at + 1;
    at = input.find('\n', begin);
    const std::string_view line = input.substr(begin, at == std::string_view::npos ? std::string_view::npos : at - begin);
    if (line.empty()) {
      body = at == std::string_view::npos ? std::string_view() : input.substr(at + 1);
      break;
    }
    const size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    (void)edgerec::auth::parse_authorization_header(value);
    (void)edgerec::auth::parse_amz_date(value);
    (void)edgerec::auth::parse_http_date(value);
  }
  static const edgerec::auth::SigV4Verifier verifier = [] {
    edgerec::auth::SigV4Settings settings;
    settings.clock = [] { return int64_t{1700000000}; };
    return edgerec::auth::SigV4Verifier(settings);
  }();
  static const OneKey keys;
  (void)verifier.verify(edgerec::auth::request_view(method, target, headers, body), keys);
  return 0;
}
