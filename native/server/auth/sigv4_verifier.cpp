#include "server/auth/sigv4_verifier.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "edgerec/message_text.h"
#include "server/auth/amz_date.h"
#include "server/auth/authorization_header.h"
#include "server/auth/canonical_request.h"
#include "server/auth/hmac_sha256.h"
#include "server/auth/sigv4_signature.h"
#include "server/auth/uri_encoding.h"

namespace edgerec::auth {
namespace {

/// Longest canonical request and string to sign quoted in a signature mismatch's message.
constexpr size_t kMaxQuotedCanonicalBytes = 8 * 1024;

AuthError missing(std::string message) { return {AuthErrorType::kMissingAuthenticationToken, std::move(message)}; }
AuthError incomplete(std::string message) { return {AuthErrorType::kIncompleteSignature, std::move(message)}; }
AuthError invalid(std::string message) { return {AuthErrorType::kInvalidSignature, std::move(message)}; }
AuthError unrecognized(std::string message) { return {AuthErrorType::kUnrecognizedClient, std::move(message)}; }

/// The values of every header called `name` (ignoring case), in arrival order.
std::vector<std::string_view> header_values(const HttpRequestView& request, std::string_view name) {
  std::vector<std::string_view> values;
  for (const HeaderView& header : request.headers) {
    if (header_name_equals(header.name, name)) values.push_back(header.value);
  }
  return values;
}

bool is_signed(const AuthorizationHeader& auth, std::string_view lower_name) {
  for (const std::string_view name : auth.signed_headers) {
    if (name == lower_name) return true;
  }
  return false;
}

/// True if the query has a parameter of a presigned URL (X-Amz-Signature and its companions).
bool has_query_signature(std::string_view query) {
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string name = percent_decode(query.substr(start, std::min(query.find('=', start), amp) - start));
    for (const std::string_view presigned : {"x-amz-signature", "x-amz-credential", "x-amz-algorithm"}) {
      if (header_name_equals(name, presigned)) return true;
    }
    start = amp + 1;
  }
  return false;
}

/// `text` with line breaks kept and every other control or non-ASCII byte written as \xNN, cut
/// at kMaxQuotedCanonicalBytes: a canonical request holds header values as the client sent them.
std::string printable(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < text.size() && i < kMaxQuotedCanonicalBytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  if (text.size() > kMaxQuotedCanonicalBytes) out += "...";
  return out;
}

bool is_hex(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) { return header_name_equals(a, b); }

/// The request time and its basic ISO 8601 form, from X-Amz-Date or else Date.
struct RequestTime {
  int64_t epoch_seconds = 0;
  std::string amz_date;
};

std::optional<AuthError> read_request_time(const HttpRequestView& request, const AuthorizationHeader& auth,
                                           RequestTime& out) {
  const std::vector<std::string_view> amz_dates = header_values(request, "x-amz-date");
  const std::vector<std::string_view> dates = header_values(request, "date");
  if (amz_dates.size() > 1) return incomplete("the request has " + std::to_string(amz_dates.size()) + " X-Amz-Date headers; give one");
  if (amz_dates.empty() && dates.size() > 1) return incomplete("the request has " + std::to_string(dates.size()) + " Date headers; give one");
  if (amz_dates.empty() && dates.empty()) {
    return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header");
  }
  if (!amz_dates.empty()) {
    const std::optional<int64_t> time = parse_amz_date(amz_dates[0]);
    if (!time) {
      return incomplete("X-Amz-Date must be a UTC time of the form YYYYMMDD'T'HHMMSS'Z', got " + quote_for_message(amz_dates[0]));
    }
    if (!is_signed(auth, "x-amz-date")) return incomplete("X-Amz-Date must be signed: SignedHeaders does not name x-amz-date");
    out = {*time, std::string(amz_dates[0])};
  } else {
    const std::optional<int64_t> time = parse_http_date(dates[0]);
    if (!time) {
      return incomplete("Date must be an HTTP date such as \"Sun, 30 Aug 2015 12:36:00 GMT\" (or send X-Amz-Date), got " +
                        quote_for_message(dates[0]));
    }
    if (!is_signed(auth, "date")) return incomplete("Date must be signed: SignedHeaders does not name date");
    out = {*time, format_amz_date(*time)};
  }
  return std::nullopt;
}

/// The hash the client put last in its canonical request.
std::optional<AuthError> read_payload_hash(const HttpRequestView& request, std::string& out) {
  const std::vector<std::string_view> declared = header_values(request, "x-amz-content-sha256");
  const std::string body_hash = lower_hex(sha256(request.body));
  if (declared.empty()) {
    out = body_hash;
    return std::nullopt;
  }
  if (declared.size() > 1) return incomplete("the request has " + std::to_string(declared.size()) + " x-amz-content-sha256 headers; give one");
  const std::string_view value = declared[0];
  if (value == "UNSIGNED-PAYLOAD" || value.substr(0, 10) == "STREAMING-") {
    return incomplete("x-amz-content-sha256 " + quote_for_message(value) +
                      " is not accepted: this server requires the body's SHA-256, so that the signature covers the body");
  }
  if (value.size() != 64 || !is_hex(value)) {
    return incomplete("x-amz-content-sha256 must be the body's SHA-256 in 64 hex digits, got " + quote_for_message(value));
  }
  if (!equals_ignoring_case(value, body_hash)) {
    return invalid("x-amz-content-sha256 is not the SHA-256 of the body received: the body was changed after it was signed, "
                   "or cut short");
  }
  out = std::string(value);  // as the client wrote it: the canonical request carries it verbatim
  return std::nullopt;
}

std::optional<AuthError> check_signed_headers(const HttpRequestView& request, const AuthorizationHeader& auth) {
  if (!is_signed(auth, "host")) return incomplete("SignedHeaders must include host");
  for (const HeaderView& header : request.headers) {
    if (header.name.size() >= 6 && equals_ignoring_case(header.name.substr(0, 6), "x-amz-")) {
      if (!is_signed(auth, lower_header_name(header.name))) {
        return invalid("the request has a header that is not signed: " + quote_for_message(header.name) +
                       " (every x-amz-* header must be named in SignedHeaders)");
      }
    }
  }
  size_t signed_bytes = 0;
  for (const std::string_view name : auth.signed_headers) {
    const std::vector<std::string_view> values = header_values(request, name);
    if (values.empty()) {
      return invalid("SignedHeaders names " + quote_for_message(name) + ", which the request does not have");
    }
    for (const std::string_view value : values) signed_bytes += value.size();
  }
  if (signed_bytes > kMaxSignedHeaderBytes) {
    return incomplete("the signed headers' values add up to " + std::to_string(signed_bytes) + " bytes; at most " +
                      std::to_string(kMaxSignedHeaderBytes) + " are accepted");
  }
  return std::nullopt;
}

std::optional<AuthError> check_scope(const AuthorizationHeader& auth, const SigV4Settings& settings) {
  if (auth.terminator != kSigV4Terminator) {
    return incomplete("the Credential must end with aws4_request, got " + quote_for_message(auth.terminator));
  }
  if (auth.service != settings.service) {
    return invalid("the credential is scoped to service " + quote_for_message(auth.service) + "; this server signs as " +
                   quote_for_message(settings.service) + " (Personalize Runtime and Events both sign as personalize)");
  }
  if (auth.region != settings.region) {
    return invalid("the credential is scoped to region " + quote_for_message(auth.region) + ", but this server's region is " +
                   quote_for_message(settings.region) + ": set the client's region to " + settings.region);
  }
  return std::nullopt;
}

std::optional<AuthError> check_time(const AuthorizationHeader& auth, const RequestTime& time, int64_t now,
                                    int64_t max_skew) {
  if (auth.date != std::string_view(time.amz_date).substr(0, 8)) {
    return invalid("the Credential's date " + quote_for_message(auth.date) + " is not the request's date " +
                   quote_for_message(std::string_view(time.amz_date).substr(0, 8)) + " (from " + time.amz_date + ")");
  }
  const std::string minutes = std::to_string(max_skew / 60) + " min.";
  if (time.epoch_seconds < now - max_skew) {
    return invalid("Signature expired: " + time.amz_date + " is now earlier than " + format_amz_date(now - max_skew) + " (" +
                   format_amz_date(now) + " - " + minutes + ")");
  }
  if (time.epoch_seconds > now + max_skew) {
    return invalid("Signature not yet current: " + time.amz_date + " is still later than " + format_amz_date(now + max_skew) +
                   " (" + format_amz_date(now) + " + " + minutes + ")");
  }
  return std::nullopt;
}

}  // namespace

SigV4Verifier::SigV4Verifier(SigV4Settings settings) : settings_(std::move(settings)) {}

int64_t SigV4Verifier::now() const {
  return settings_.clock ? settings_.clock() : static_cast<int64_t>(std::time(nullptr));
}

AuthResult SigV4Verifier::verify(const HttpRequestView& request, const AccessKeyLookup& keys) const {
  if (request.headers.size() > kMaxVerifiedHeaders) {
    return incomplete("the request has " + std::to_string(request.headers.size()) + " headers; at most " +
                      std::to_string(kMaxVerifiedHeaders) + " are accepted");
  }
  if (request.path.size() > kMaxVerifiedPathBytes || request.query.size() > kMaxVerifiedQueryBytes) {
    return incomplete("the request's path or query is longer than " + std::to_string(kMaxVerifiedPathBytes) + " bytes");
  }
  const std::vector<std::string_view> authorizations = header_values(request, "authorization");
  const bool query_signed = has_query_signature(request.query);
  if (authorizations.empty()) {
    if (query_signed) {
      return incomplete("query-string signatures (presigned URLs) are not accepted: sign with the Authorization header");
    }
    return missing("Missing Authentication Token: the request has no Authorization header; sign it with AWS Signature "
                   "Version 4 and an access key of this server (edgerec create-access-key)");
  }
  if (authorizations.size() > 1) {
    return incomplete("the request has " + std::to_string(authorizations.size()) + " Authorization headers; give one");
  }
  if (query_signed) {
    return incomplete("the request is signed twice, in the Authorization header and in the query string (X-Amz-Signature): "
                      "give only the header");
  }
  Result<AuthorizationHeader> parsed = parse_authorization_header(authorizations[0]);
  if (!parsed.ok()) return incomplete(parsed.status().message());
  const AuthorizationHeader& auth = *parsed;

  if (auto error = check_scope(auth, settings_)) return std::move(*error);
  if (!header_values(request, "x-amz-security-token").empty()) {
    return unrecognized("temporary credentials (X-Amz-Security-Token) are not accepted: this server verifies only the "
                        "long-term access keys of its home (edgerec create-access-key)");
  }
  RequestTime time;
  if (auto error = read_request_time(request, auth, time)) return std::move(*error);
  if (auto error = check_signed_headers(request, auth)) return std::move(*error);
  if (auto error = check_time(auth, time, now(), settings_.max_clock_skew_seconds)) return std::move(*error);

  const std::string* secret = keys.find_secret(auth.access_key_id);
  if (secret == nullptr) {
    return unrecognized("The security token included in the request is invalid: no access key " +
                        quote_for_message(auth.access_key_id) + " on this server (see edgerec list-access-keys)");
  }
  std::string payload_hash;
  if (auto error = read_payload_hash(request, payload_hash)) return std::move(*error);

  const CredentialScope scope{std::string(auth.date), std::string(auth.region), std::string(auth.service)};
  const std::string canonical = canonical_request(request, auth.signed_headers, payload_hash);
  const std::string to_sign = string_to_sign(time.amz_date, scope, canonical);
  Sha256Digest signing_key = signing_keys_->get(auth.access_key_id, *secret, scope);
  const std::string expected = sigv4_signature_with_key(signing_key, to_sign);
  wipe(signing_key);
  if (!constant_time_equal(expected, auth.signature)) {
    // AWS's own wording and what it adds: the texts this server signed, so a client can compare
    // them with its own. Neither holds a secret; the expected signature is never shown.
    return invalid("The request signature we calculated does not match the signature you provided. Check your AWS "
                   "Secret Access Key and signing method.\n\nThe Canonical String for this request should have been\n'" +
                   printable(canonical) + "'\n\nThe String-to-Sign should have been\n'" + printable(to_sign) + "'\n");
  }
  return Principal{std::string(auth.access_key_id), scope.region, scope.service, time.epoch_seconds};
}

}  // namespace edgerec::auth
