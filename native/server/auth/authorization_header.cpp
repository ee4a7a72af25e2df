#include "server/auth/authorization_header.h"

#include <string>
#include <utility>

#include "edgerec/message_text.h"
#include "server/auth/sigv4_signature.h"
#include "server/http/http_message.h"  // trim_optional_whitespace

namespace edgerec::auth {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_lower_hex(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

/// An RFC 9110 token character, lower case only: what a canonical header name is made of.
bool is_lower_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

Status parse_credential(std::string_view credential, AuthorizationHeader& out) {
  std::string_view parts[5];
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t slash = credential.find('/', start);
    const std::string_view part = credential.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (count == 5 || part.empty()) {
      return invalid_input("Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request, got " +
                           quote_for_message(credential, 160));
    }
    parts[count++] = part;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (count != 5) {
    return invalid_input("Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request, got " +
                         quote_for_message(credential, 160));
  }
  const std::string_view date = parts[1];
  bool digits = date.size() == 8;
  for (const char c : date) digits = digits && c >= '0' && c <= '9';
  if (!digits) return invalid_input("the Credential's date must be YYYYMMDD, got " + quote_for_message(date));
  out.access_key_id = parts[0];
  out.date = date;
  out.region = parts[2];
  out.service = parts[3];
  out.terminator = parts[4];
  return Status::ok_status();
}

Status parse_signed_headers(std::string_view list, AuthorizationHeader& out) {
  size_t start = 0;
  while (true) {
    const size_t semicolon = list.find(';', start);
    const std::string_view name = list.substr(start, semicolon == std::string_view::npos ? std::string_view::npos : semicolon - start);
    if (name.empty()) return invalid_input("SignedHeaders has an empty name: " + quote_for_message(list, 160));
    for (const char c : name) {
      if (!is_lower_token_char(c)) {
        return invalid_input("SignedHeaders names must be lower-case header names, got " + quote_for_message(name));
      }
    }
    if (!out.signed_headers.empty() && !(out.signed_headers.back() < name)) {
      return invalid_input("SignedHeaders must be in sorted order without repeats, but " + quote_for_message(name) +
                           " comes after " + quote_for_message(out.signed_headers.back()));
    }
    if (out.signed_headers.size() == kMaxSignedHeaders) {
      return invalid_input("SignedHeaders names more than " + std::to_string(kMaxSignedHeaders) + " headers");
    }
    out.signed_headers.push_back(name);
    if (semicolon == std::string_view::npos) break;
    start = semicolon + 1;
  }
  return Status::ok_status();
}

}  // namespace

Result<AuthorizationHeader> parse_authorization_header(std::string_view value) {
  if (value.size() > kMaxAuthorizationBytes) {
    return invalid_input("the Authorization header is " + std::to_string(value.size()) + " bytes; at most " +
                         std::to_string(kMaxAuthorizationBytes) + " are accepted");
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if ((c < 0x20 && c != '\t') || c >= 0x7f) {
      return invalid_input("the Authorization header has a control or non-ASCII byte at offset " + std::to_string(i));
    }
  }
  value = edgerec::server::trim_optional_whitespace(value);
  size_t scheme_end = 0;
  while (scheme_end < value.size() && !is_blank(value[scheme_end])) ++scheme_end;
  const std::string_view scheme = value.substr(0, scheme_end);
  if (scheme != kSigV4Algorithm) {
    return invalid_input("unsupported Authorization scheme " + quote_for_message(scheme) +
                         ": requests must be signed with AWS Signature Version 4 (AWS4-HMAC-SHA256)");
  }
  AuthorizationHeader out;
  bool seen_credential = false, seen_signed_headers = false, seen_signature = false;
  std::string_view rest = value.substr(scheme_end);
  if (edgerec::server::trim_optional_whitespace(rest).empty()) return invalid_input("Authorization header requires the 'Credential' parameter");
  size_t start = 0;
  while (start <= rest.size()) {
    size_t comma = rest.find(',', start);
    if (comma == std::string_view::npos) comma = rest.size();
    const std::string_view part = edgerec::server::trim_optional_whitespace(rest.substr(start, comma - start));
    start = comma + 1;
    if (part.empty()) return invalid_input("the Authorization header has an empty parameter (two commas, or one at an end)");
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return invalid_input(quote_for_message(part) + " is not a key=value pair in the Authorization header");
    }
    const std::string_view name = part.substr(0, eq);
    const std::string_view parameter = part.substr(eq + 1);
    bool* seen = name == "Credential" ? &seen_credential
                 : name == "SignedHeaders" ? &seen_signed_headers
                 : name == "Signature" ? &seen_signature
                                       : nullptr;
    if (seen == nullptr) {
      return invalid_input("the Authorization header has an unknown parameter " + quote_for_message(name) +
                           "; it takes Credential, SignedHeaders and Signature");
    }
    if (*seen) return invalid_input("the Authorization header gives " + std::string(name) + " twice");
    *seen = true;
    if (name == "Credential") {
      EDGEREC_RETURN_IF_ERROR(parse_credential(parameter, out));
    } else if (name == "SignedHeaders") {
      EDGEREC_RETURN_IF_ERROR(parse_signed_headers(parameter, out));
    } else {
      if (parameter.size() != 64 || !is_lower_hex(parameter)) {
        return invalid_input("Signature must be 64 lower-case hex digits, got " + std::to_string(parameter.size()) +
                             " characters");
      }
      out.signature = parameter;
    }
  }
  for (const auto& [seen, name] : {std::pair{seen_credential, "Credential"}, std::pair{seen_signed_headers, "SignedHeaders"},
                                   std::pair{seen_signature, "Signature"}}) {
    if (!seen) return invalid_input(std::string("Authorization header requires the '") + name + "' parameter");
  }
  return out;
}

}  // namespace edgerec::auth
